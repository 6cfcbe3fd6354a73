using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.AI;
using Npgsql;
using OpenAI;
using OpenAI.Chat;
using Socrates.Api.Llm;
using Socrates.Api.Tests.Llm;
using static Socrates.Bench.Llm.Percentiles;

namespace Socrates.Bench.Llm;

/// <summary>
/// The same chat (OpenAI Chat Completions, gpt-5-mini, non-streamed) sent 1) with the OpenAI SDK straight to the fake
/// server and 2) through Socrates on Kestrel (auth, project lookup, budget lookup, SDK call, usage row on PostgreSQL).
/// Added latency = gateway percentile minus direct percentile, measured in alternating rounds of one run.
/// </summary>
internal static class GatewayOverhead
{
    private const int Concurrency = 64;
    private const int PerWorker = 40;
    private const int Rounds = 3;

    public static async Task RunAsync(string server)
    {
        await using var fakes = await FakeProviders.StartAsync();
        var prefix = $"socrates_bench_{Guid.NewGuid():N}"[..30];
        // Pools kept small: the machine's PostgreSQL (max_connections 100) is shared with whatever else runs.
        string Db(string name) => new NpgsqlConnectionStringBuilder(server) { Database = prefix + name, MaxPoolSize = 24 }.ConnectionString;

        // WebApplicationFactory looks for the content root next to a solution file; point it at the API project.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "Socrates.Api")))
        {
            root = root.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SOCRATES_API", Path.Combine(root!.FullName, "src", "Socrates.Api"));
        await using var app = new BenchApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Auth"] = Db("_auth"),
            ["ConnectionStrings:Specs"] = Db("_specs"),
            ["Jwt:SigningKey"] = "bench-signing-key-that-is-long-enough-for-hmac-sha256",
            ["Llm:MasterKeys:1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Llm:Providers:openai:BaseUrl"] = fakes.BaseUrl + "v1",
            ["Llm:Providers:openai:ApiKey"] = "sk-bench",
            // Per-request Information logs (HttpClient factory, EF) would be measured too; production sets its own levels.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        try
        {
            app.UseKestrel(0);
            app.StartServer();
            var gatewayUrl = new Uri(app.ServerAddress);

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = gatewayUrl };
            var token = await LoginAsync(http);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var project = await (await http.PostAsJsonAsync("/api/v1/projects", new { name = "bench" })).Content.ReadFromJsonAsync<JsonElement>();
            var projectId = project.GetProperty("id").GetGuid();
            (await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "openai", model = "gpt-5-mini" })).EnsureSuccessStatusCode();

            using var sdkHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 });
            var direct = new ChatClient("gpt-5-mini", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions
            {
                Endpoint = new Uri(fakes.BaseUrl + "v1"),
                Transport = new HttpClientPipelineTransport(sdkHttp),
                RetryPolicy = new ClientRetryPolicy(0),
            }).AsIChatClient();
            await using var bare = await BareProxy.StartAsync(fakes.BaseUrl);
            using var proxiedHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 });
            var proxied = new ChatClient("gpt-5-mini", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions
            {
                Endpoint = new Uri(bare.BaseUrl, "v1"),
                Transport = new HttpClientPipelineTransport(proxiedHttp),
                RetryPolicy = new ClientRetryPolicy(0),
            }).AsIChatClient();
            Console.WriteLine($"Gateway overhead: OpenAI chat, fake server on 127.0.0.1, Socrates on Kestrel + PostgreSQL, {Environment.ProcessorCount} cores");

            // The floor any authenticated route pays here: bearer token check plus primary-key reads on PostgreSQL.
            async Task ReadProject()
            {
                using var response = await http.GetAsync($"/api/v1/projects/{projectId}");
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsByteArrayAsync();
            }

            // 0 ms: the fake answers at once, so at 64 callers the two cores are saturated and the figure is CPU per
            // call times the queue. With a model's thinking time the machine is not saturated, as with a real provider.
            var thinkTimes = Environment.GetEnvironmentVariable("BENCH_THINK_MS") is { } only ? [int.Parse(only, CultureInfo.InvariantCulture)] : new[] { 0, 100 };
            foreach (var thinkMs in thinkTimes)
            {
                var text = thinkMs == 0 ? "Say hello." : $"Say hello. scenario=think-{thinkMs}";
                List<Microsoft.Extensions.AI.ChatMessage> messages = [new(ChatRole.User, text)];
                var bodyBytes = JsonSerializer.SerializeToUtf8Bytes(new { messages = new[] { new { role = "user", content = text } } });

                async Task Direct() => _ = await direct.GetResponseAsync(messages);
                async Task ThroughBareProxy() => _ = await proxied.GetResponseAsync(messages);
                async Task Gateway()
                {
                    // Sent as the SDKs send theirs: with a Content-Length (PostAsJsonAsync would stream it chunked).
                    using var content = new ByteArrayContent(bodyBytes);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync($"/api/v1/projects/{projectId}/chat", content);
                    response.EnsureSuccessStatusCode();
                    _ = await response.Content.ReadAsByteArrayAsync();
                }

                // For a profiler (dotnet-trace collect-linux -p PID): gateway calls only, for this many seconds.
                if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_SOAK_SECONDS"), out var soak))
                {
                    Console.WriteLine($"  soaking: pid {Environment.ProcessId}, {soak} s of gateway calls at {Concurrency} concurrent");
                    var until = Stopwatch.GetTimestamp() + (soak * Stopwatch.Frequency);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        await MeasureAsync(Gateway, Concurrency, 10);
                    }

                    return;
                }

                foreach (var concurrency in new[] { 1, Concurrency })
                {
                    var perWorker = concurrency == 1 ? (thinkMs == 0 ? 400 : 40) : PerWorker;
                    await MeasureAsync(Direct, concurrency, 10);
                    await MeasureAsync(Gateway, concurrency, 10);
                    var directTimes = new List<double>();
                    var bareTimes = new List<double>();
                    var gatewayTimes = new List<double>();
                    var floorTimes = new List<double>();
                    TimeSpan directCpu = default, gatewayCpu = default;
                    for (var round = 0; round < Rounds; round++)
                    {
                        var cpu = CpuTime();
                        directTimes.AddRange(await MeasureAsync(Direct, concurrency, perWorker));
                        directCpu += CpuTime() - cpu;
                        bareTimes.AddRange(await MeasureAsync(ThroughBareProxy, concurrency, perWorker));
                        cpu = CpuTime();
                        gatewayTimes.AddRange(await MeasureAsync(Gateway, concurrency, perWorker));
                        gatewayCpu += CpuTime() - cpu;
                        if (thinkMs == 0)
                        {
                            floorTimes.AddRange(await MeasureAsync(ReadProject, concurrency, perWorker));
                        }
                    }

                    directTimes.Sort();
                    bareTimes.Sort();
                    gatewayTimes.Sort();
                    floorTimes.Sort();
                    Console.WriteLine($"  upstream answers after {thinkMs} ms, {concurrency} concurrent, {directTimes.Count} calls each way:");
                    Console.WriteLine($"    direct   p50 {Ms(Of(directTimes, 50))}  p99 {Ms(Of(directTimes, 99))}  CPU per call {Ms(directCpu.TotalMilliseconds / directTimes.Count)}");
                    Console.WriteLine($"    gateway  p50 {Ms(Of(gatewayTimes, 50))}  p99 {Ms(Of(gatewayTimes, 99))}  CPU per call {Ms(gatewayCpu.TotalMilliseconds / gatewayTimes.Count)} (this process: client, server, fake; PostgreSQL's own not counted)");
                    if (floorTimes.Count > 0)
                    {
                        Console.WriteLine($"    GET project (auth + project and maturity reads, no LLM) p50 {Ms(Of(floorTimes, 50))}  p99 {Ms(Of(floorTimes, 99))}");
                    }

                    Console.WriteLine($"    added    p50 {Ms(Of(gatewayTimes, 50) - Of(directTimes, 50))}  p99 {Ms(Of(gatewayTimes, 99) - Of(directTimes, 99))}   (goal at 64: <= 1 ms p50, <= 5 ms p99)");
                    Console.WriteLine($"    a bare forwarding proxy adds p50 {Ms(Of(bareTimes, 50) - Of(directTimes, 50))}  p99 {Ms(Of(bareTimes, 99) - Of(directTimes, 99))} (no auth, database, SDK or usage row: the floor on this machine)");

                    // How far behind the background usage writer was when the last call returned.
                    var drain = Stopwatch.GetTimestamp();
                    await app.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None);
                    Console.WriteLine($"    usage rows still queued after the last call were committed {Ms(Stopwatch.GetElapsedTime(drain).TotalMilliseconds)} later");
                }
            }
        }
        finally
        {
            await app.DisposeAsync();
            await DropAsync(server, prefix + "_auth", prefix + "_specs");
        }
    }

    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    private static async Task<List<double>> MeasureAsync(Func<Task> call, int concurrency, int perWorker)
    {
        var times = new List<double>[concurrency];
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = times[w] = new List<double>(perWorker);
            for (var i = 0; i < perWorker; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        return [.. times.SelectMany(t => t)];
    }

    private static async Task<string> LoginAsync(HttpClient http)
    {
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "a long enough password", name = "Bench" })).EnsureSuccessStatusCode();
        var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "a long enough password" })).Content.ReadFromJsonAsync<JsonElement>();
        return login.GetProperty("access_token").GetString()!;
    }

    internal static async Task DropAsync(string server, params string[] databases)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        foreach (var database in databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private sealed class BenchApp(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        public string ServerAddress =>
            Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
