using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Socrates.Bench.Llm;

/// <summary>
/// A server the bench runs in its own process, as it runs in production: its garbage collector, thread pool and CPU
/// time are its own, not shared with the bench's clients and fake upstream.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> listening on a free loopback port, and waits until it answers HTTP.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string> environment)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        // BENCH_SERVER_CPUS=1 runs the servers on those CPUs only (taskset), e.g. with the bench itself under
        // `taskset -c 0`, so that the client and fake upstream do not compete with the gateway for a core.
        var cpus = Environment.GetEnvironmentVariable("BENCH_SERVER_CPUS");
        var start = new ProcessStartInfo(cpus is null ? "dotnet" : "taskset")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (cpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpus);
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // Unprefixed too: it outranks an appsettings.json "Urls", as the prefixed host setting does not.
        start.Environment["ASPNETCORE_URLS"] = start.Environment["URLS"] = baseUrl.ToString().TrimEnd('/');
        var child = new ChildProcess(Process.Start(start)!, baseUrl);
        child._process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        try
        {
            await child.WaitUntilAnsweringAsync();
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                // Any HTTP answer will do: the server is listening.
                using var _ = await http.GetAsync(BaseUrl);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        string output;
        lock (_output)
        {
            output = _output.ToString();
        }

        throw new InvalidOperationException($"{string.Join(' ', _process.StartInfo.ArgumentList)} did not start answering on {BaseUrl}:\n{output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
