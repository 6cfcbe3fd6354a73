using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// The real server in a process of its own (<c>dotnet Socrates.Api.dll</c> from this test's output folder), configured
/// through environment variables as in production: a test can kill it as a crash would (SIGKILL), start it again on
/// the same databases, or run several against one database.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>
    /// What every server needs besides its databases, as configuration keys: the test signing and master keys, a data
    /// folder, quiet logs, and none of this machine's provider keys.
    /// </summary>
    public static Dictionary<string, string> Settings(string dataDirectory)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Jwt:SigningKey"] = SocratesApp.SigningKey,
            ["Llm:MasterKeys:1"] = SocratesApp.MasterKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var variable in SocratesApp.ProviderKeyVariables)
        {
            settings[variable] = "";
        }

        return settings;
    }

    /// <summary>Starts a server with <paramref name="settings"/> on a free loopback port and waits until /health answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            // The output folder holds the server's appsettings.json, as a deployment's folder does.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Socrates.Api.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Unprefixed: it outranks appsettings.json's "Urls", as the prefixed host setting does not.
        start.Environment["URLS"] = baseUrl.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, baseUrl);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Registers a fresh user on this server and returns a client that sends their token.</summary>
    public Task<UserSession> NewUserAsync() => SocratesApp.RegisterAsync(CreateClient());

    /// <summary>Ends the process with SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>The last lines the server wrote, to explain a failure.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        // Generous: a fresh PostgreSQL database took 64 s to create and migrate on the shared 2-core VM at load 50.
        while (!_process.HasExited && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(180))
        {
            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !ct.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException(
            $"The server on {BaseUrl} {(_process.HasExited ? $"exited with {_process.ExitCode}" : "did not become healthy")}:\n{Output}");
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
            await KillAsync();
        }

        _process.Dispose();
    }
}
