using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Npgsql;
using OpenAI;
using OpenAI.Chat;
using Socrates.Api.Tests.Llm.Providers.Fakes;
using static Socrates.Bench.Llm.Percentiles;

namespace Socrates.Bench.Llm;

/// <summary>
/// The same chat (OpenAI Chat Completions, gpt-5-mini, non-streamed) sent 1) with the OpenAI SDK straight to the fake
/// server, 2) through a bare forwarding proxy, 3) through Socrates' project chat (a password login's JWT) and 4) through
/// Socrates' OpenAI-compatible /v1/chat/completions with a personal access token (token lookup, rate limits, OpenAI's
/// shape), each Socrates path doing auth, cached project, budget and key lookups, SDK call and a usage row on
/// PostgreSQL, each server in its own process as in production, with tracing and metrics (Prometheus) on.
/// Added latency = gateway percentile minus direct percentile, measured in alternating rounds of one run.
/// </summary>
internal static class GatewayOverhead
{
    private const int Concurrency = 64;
    private const int PerWorker = 10;
    private const int WarmUp = 20;

    /// <summary>BENCH_WARMUP_SECONDS (20 by default): a few seconds only to prove a change runs, never for figures.</summary>
    private static readonly int WarmUpSeconds = Setting("BENCH_WARMUP_SECONDS", 20);

    // Many short rounds, alternating the paths, so a slow stretch of this shared VM lands on all of them alike.
    // BENCH_ROUNDS (12 by default) shortens a run that only proves the bench works.
    private static readonly int Rounds = Setting("BENCH_ROUNDS", 12);

    public static async Task RunAsync(string server)
    {
        await using var fakes = await FakeProviders.StartAsync();
        var prefix = $"socrates_bench_{Guid.NewGuid():N}"[..30];
        // Pools kept small: the machine's PostgreSQL (max_connections 100) is shared with whatever else runs.
        string Db(string name) => new NpgsqlConnectionStringBuilder(server) { Database = prefix + name, MaxPoolSize = 24 }.ConnectionString;

        var (apiFolder, apiDll) = ApiBuild();
        try
        {
            var serverEnvironment = ServerEnvironment();
            await using var current = await StartServerAsync((apiFolder, apiDll), Db, fakes.BaseUrl, serverEnvironment);
            var socrates = current.Process;
            var http = current.Http;
            var projectId = current.ProjectId;

            // BENCH_BASELINE=<another checkout, built in the same configuration>: that build of Socrates is measured in
            // the same rounds, so a change is compared with what it replaces on the same machine at the same moment.
            await using var baseline = Environment.GetEnvironmentVariable("BENCH_BASELINE") is { Length: > 0 } baselineRoot
                ? await StartServerAsync(ApiBuild(baselineRoot), name => Db("_base" + name), fakes.BaseUrl, serverEnvironment)
                : null;

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
            CpuUse Snapshot() => new(
                Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, socrates.CpuTime().TotalMilliseconds,
                bare.CpuTime().TotalMilliseconds, PostgresCpu.Total().TotalMilliseconds, baseline?.Process.CpuTime().TotalMilliseconds ?? 0);

            Console.WriteLine($"Gateway overhead: OpenAI chat, fake server on 127.0.0.1, Socrates on Kestrel + PostgreSQL, {Environment.ProcessorCount} cores");

            // The floor any authenticated route pays here: bearer token check plus primary-key reads on PostgreSQL.
            async Task ReadProject()
            {
                using var response = await http.GetAsync($"/api/v1/projects/{projectId}");
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsByteArrayAsync();
            }

            // Per Socrates call, from its Server-Timing: its response time minus the time it reports waiting on the
            // provider, and that split into the time Socrates held the request (total) and the rest (outside).
            var ownShare = new ConcurrentQueue<double>();
            var v1OwnShare = new ConcurrentQueue<double>();
            var inside = new ConcurrentQueue<double>();
            var outside = new ConcurrentQueue<double>();
            var modes = ThinkMode.Selected();
            var warmedUp = false;
            foreach (var mode in modes)
            {
                async Task Direct(int thinkMs) => _ = await direct.GetResponseAsync([new(ChatRole.User, Prompt(thinkMs))]);
                async Task ThroughBareProxy(int thinkMs) => _ = await proxied.GetResponseAsync([new(ChatRole.User, Prompt(thinkMs))]);
                async Task Gateway(int thinkMs)
                {
                    var (elapsed, provider, total) = await ChatAsync(current, thinkMs);
                    ownShare.Enqueue(elapsed - provider);
                    inside.Enqueue(total - provider);
                    outside.Enqueue(elapsed - total);
                }

                async Task Baseline(int thinkMs) => _ = await ChatAsync(baseline!, thinkMs);
                async Task OpenAiCompatible(int thinkMs)
                {
                    var (elapsed, provider, _) = await CompletionAsync(current, thinkMs);
                    v1OwnShare.Enqueue(elapsed - provider);
                }

                // For a profiler (dotnet-trace collect-linux -p PID): gateway calls only, for this many seconds.
                if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_SOAK_SECONDS"), out var soak))
                {
                    Console.WriteLine($"  soaking: Socrates is pid {socrates.Id}, {soak} s of gateway calls at {Concurrency} concurrent, upstream {mode.Name}");
                    var until = Stopwatch.GetTimestamp() + (soak * Stopwatch.Frequency);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        await MeasureAsync(Gateway, mode, Concurrency, 10);
                    }

                    return;
                }

                if (!warmedUp)
                {
                    // Until the JIT has moved the hot paths to their optimised tier: a few hundred calls are not enough,
                    // and a long-running server would be measured half compiled.
                    var instant = new ThinkMode("warm-up", 0, 0);
                    var until = Stopwatch.GetTimestamp() + (WarmUpSeconds * Stopwatch.Frequency);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        await MeasureAsync(Direct, instant, Concurrency, WarmUp);
                        await MeasureAsync(ThroughBareProxy, instant, Concurrency, WarmUp);
                        await MeasureAsync(Gateway, instant, Concurrency, WarmUp);
                        await MeasureAsync(OpenAiCompatible, instant, Concurrency, WarmUp);
                        if (baseline is not null)
                        {
                            await MeasureAsync(Baseline, instant, Concurrency, WarmUp);
                        }
                    }

                    warmedUp = true;
                }

                foreach (var concurrency in Callers())
                {
                    var repeats = new List<Added>();
                    for (var repeat = 0; repeat < Repeats(); repeat++)
                    {
                        repeats.Add(await MeasureAndPrintAsync(concurrency));
                    }

                    if (repeats.Count > 1)
                    {
                        Console.WriteLine($"  {concurrency} concurrent, over {repeats.Count} repeats (median, and lowest to highest):");
                        Console.WriteLine($"    added p50 {Range(repeats.Select(r => r.P50))}");
                        Console.WriteLine($"    added p99 {Range(repeats.Select(r => r.P99))}");
                        Console.WriteLine($"    Socrates' own share p99 {Range(repeats.Select(r => r.OwnP99))}");
                        Console.WriteLine($"    a bare forwarding proxy adds p99 {Range(repeats.Select(r => r.BareP99))}");
                        Console.WriteLine($"    /v1/chat/completions (token) adds p50 {Range(repeats.Select(r => r.V1P50))}");
                        Console.WriteLine($"    /v1/chat/completions (token) adds p99 {Range(repeats.Select(r => r.V1P99))}");
                        if (baseline is not null)
                        {
                            Console.WriteLine($"    baseline build adds p50 {Range(repeats.Select(r => r.BaselineP50))}");
                            Console.WriteLine($"    baseline build adds p99 {Range(repeats.Select(r => r.BaselineP99))}");
                        }
                    }
                }

                async Task<Added> MeasureAndPrintAsync(int concurrency)
                {
                    var perWorker = concurrency == 1 ? (mode.Instant ? 33 : 10) : PerWorker;
                    await MeasureAsync(Direct, mode, concurrency, WarmUp);
                    await MeasureAsync(ThroughBareProxy, mode, concurrency, WarmUp);
                    await MeasureAsync(Gateway, mode, concurrency, WarmUp);
                    await MeasureAsync(OpenAiCompatible, mode, concurrency, WarmUp);
                    if (baseline is not null)
                    {
                        await MeasureAsync(Baseline, mode, concurrency, WarmUp);
                    }

                    var directTimes = new List<double>();
                    var bareTimes = new List<double>();
                    var gatewayTimes = new List<double>();
                    var v1Times = new List<double>();
                    var floorTimes = new List<double>();
                    var baselineTimes = new List<double>();
                    CpuUse directCpu = default, bareCpu = default, gatewayCpu = default, v1Cpu = default, baselineCpu = default;
                    double gatewayCommands = 0, v1Commands = 0;
                    ownShare.Clear();
                    v1OwnShare.Clear();
                    inside.Clear();
                    outside.Clear();
                    for (var round = 0; round < Rounds; round++)
                    {
                        var before = Snapshot();
                        directTimes.AddRange(await MeasureAsync(Direct, mode, concurrency, perWorker));
                        var afterDirect = Snapshot();
                        bareTimes.AddRange(await MeasureAsync(ThroughBareProxy, mode, concurrency, perWorker));
                        var afterBare = Snapshot();
                        var commandsBefore = await DatabaseCommands.CountAsync(http);
                        var beforeGateway = Snapshot();
                        gatewayTimes.AddRange(await MeasureAsync(Gateway, mode, concurrency, perWorker));
                        var afterGateway = Snapshot();
                        var commandsAfterGateway = await DatabaseCommands.CountAsync(http);
                        var beforeV1 = Snapshot();
                        v1Times.AddRange(await MeasureAsync(OpenAiCompatible, mode, concurrency, perWorker));
                        var afterV1 = Snapshot();
                        gatewayCommands += commandsAfterGateway - commandsBefore;
                        v1Commands += await DatabaseCommands.CountAsync(http) - commandsAfterGateway;
                        var beforeBaseline = Snapshot();
                        directCpu += afterDirect - before;
                        bareCpu += afterBare - afterDirect;
                        gatewayCpu += afterGateway - beforeGateway;
                        v1Cpu += afterV1 - beforeV1;
                        if (baseline is not null)
                        {
                            baselineTimes.AddRange(await MeasureAsync(Baseline, mode, concurrency, perWorker));
                            baselineCpu += Snapshot() - beforeBaseline;
                        }

                        if (mode.Instant)
                        {
                            floorTimes.AddRange(await MeasureAsync(_ => ReadProject(), mode, concurrency, perWorker));
                        }
                    }

                    directTimes.Sort();
                    bareTimes.Sort();
                    gatewayTimes.Sort();
                    v1Times.Sort();
                    floorTimes.Sort();
                    baselineTimes.Sort();
                    var calls = directTimes.Count;
                    Console.WriteLine($"  upstream {mode.Name}, {concurrency} concurrent, {calls} calls each way (times exclude the upstream's thinking):");
                    Console.WriteLine($"    direct     {Spread(directTimes)}");
                    Console.WriteLine($"    bare proxy {Spread(bareTimes)}");
                    Console.WriteLine($"    Socrates   {Spread(gatewayTimes)}");
                    Console.WriteLine($"    /v1 token  {Spread(v1Times)}");
                    if (baseline is not null)
                    {
                        Console.WriteLine($"    baseline   {Spread(baselineTimes)}");
                    }

                    if (floorTimes.Count > 0)
                    {
                        Console.WriteLine($"    GET project (auth + project and maturity reads, no LLM) p50 {Ms(Of(floorTimes, 50))}  p99 {Ms(Of(floorTimes, 99))}");
                    }

                    Console.WriteLine($"    CPU per call: bench (client and fake) {Ms(directCpu.Bench / calls)} direct, {Ms(gatewayCpu.Bench / calls)} via Socrates; "
                        + $"bare proxy {Ms(bareCpu.Bare / calls)}; Socrates {Ms(gatewayCpu.Socrates / calls)} + PostgreSQL {Ms(gatewayCpu.Postgres / calls)}; "
                        + $"/v1 with a token: Socrates {Ms(v1Cpu.Socrates / calls)} + PostgreSQL {Ms(v1Cpu.Postgres / calls)}");
                    Console.WriteLine($"    database commands per call (Socrates' Npgsql metrics, usage batches shared): project chat "
                        + $"{(gatewayCommands / calls).ToString("0.00", CultureInfo.InvariantCulture)}, /v1 with a token {(v1Commands / calls).ToString("0.00", CultureInfo.InvariantCulture)}");
                    var own = ownShare.Order().ToList();
                    Console.WriteLine($"    Socrates' own share of each call (its response time minus the provider time it reports): {Spread(own)}");
                    Console.WriteLine($"      of which inside Socrates (Server-Timing total minus provider):                    {Spread([.. inside.Order()])}");
                    Console.WriteLine($"      and outside it (response time minus total: network, waiting for its threads):    {Spread([.. outside.Order()])}");
                    Console.WriteLine($"    /v1 with a token, Socrates' own share of each call:                                 {Spread([.. v1OwnShare.Order()])}");
                    var added = new Added(
                        Of(gatewayTimes, 50) - Of(directTimes, 50), Of(gatewayTimes, 99) - Of(directTimes, 99), Of(own, 99), Of(bareTimes, 99) - Of(directTimes, 99),
                        Of(v1Times, 50) - Of(directTimes, 50), Of(v1Times, 99) - Of(directTimes, 99),
                        baseline is null ? double.NaN : Of(baselineTimes, 50) - Of(directTimes, 50),
                        baseline is null ? double.NaN : Of(baselineTimes, 99) - Of(directTimes, 99));
                    Console.WriteLine($"    added    p50 {Ms(added.P50)}  p99 {Ms(added.P99)}   (goal at 64: <= 1 ms p50, <= 5 ms p99)");
                    Console.WriteLine($"    /v1/chat/completions with a token adds p50 {Ms(added.V1P50)}  p99 {Ms(added.V1P99)}   (goal at 64: <= 1 ms p50, <= 10 ms p99)");
                    if (baseline is not null)
                    {
                        Console.WriteLine($"    baseline build adds p50 {Ms(added.BaselineP50)}  p99 {Ms(added.BaselineP99)}; CPU per call {Ms(baselineCpu.Baseline / calls)}");
                    }

                    Console.WriteLine($"    a bare forwarding proxy adds p50 {Ms(Of(bareTimes, 50) - Of(directTimes, 50))}  p99 {Ms(added.BareP99)} (no auth, database, SDK or usage row: the floor on this machine)");
                    return added;
                }
            }
        }
        finally
        {
            await DropAsync(server, prefix + "_auth", prefix + "_specs", prefix + "_base_auth", prefix + "_base_specs");
        }
    }

    /// <summary>
    /// The API as built in the same configuration as this bench, in <paramref name="root"/> (another checkout) or else
    /// in the checkout this bench runs from, and its project folder to run it from as `dotnet run` does.
    /// </summary>
    internal static (string Folder, string Dll) ApiBuild(string? root = null)
    {
        if (root is null)
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "src", "Socrates.Api")))
            {
                folder = folder.Parent;
            }

            root = folder!.FullName;
        }

        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var apiFolder = Path.Combine(root, "src", "Socrates.Api");
        return (apiFolder, Path.Combine(apiFolder, "bin", output.Parent!.Name, output.Name, "Socrates.Api.dll"));
    }

    /// <summary>A whole-number setting of at least 1 from the environment, or <paramref name="fallback"/>.</summary>
    internal static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? Math.Max(1, value) : fallback;

    /// <summary>
    /// BENCH_REPEATS: how many times to measure each case in one run, 1 by default. On a shared VM one measurement's
    /// p99 moves by several ms from run to run, for the direct path as much as for the others.
    /// </summary>
    private static int Repeats() =>
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_REPEATS"), out var repeats) ? Math.Max(1, repeats) : 1;

    /// <summary>What one measurement found Socrates (and the bare proxy) to add to the direct path, in ms.</summary>
    private readonly record struct Added(
        double P50, double P99, double OwnP99, double BareP99, double V1P50, double V1P99, double BaselineP50, double BaselineP99);

    /// <summary>BENCH_CALLERS: one number of concurrent callers to measure; 1 and 64 by default.</summary>
    private static int[] Callers() =>
        Environment.GetEnvironmentVariable("BENCH_CALLERS") is { } only ? [int.Parse(only, CultureInfo.InvariantCulture)] : [1, Concurrency];

    /// <summary>CPU milliseconds used by each process taking part.</summary>
    private readonly record struct CpuUse(double Bench, double Socrates, double Bare, double Postgres, double Baseline)
    {
        public static CpuUse operator +(CpuUse a, CpuUse b) =>
            new(a.Bench + b.Bench, a.Socrates + b.Socrates, a.Bare + b.Bare, a.Postgres + b.Postgres, a.Baseline + b.Baseline);

        public static CpuUse operator -(CpuUse a, CpuUse b) =>
            new(a.Bench - b.Bench, a.Socrates - b.Socrates, a.Bare - b.Bare, a.Postgres - b.Postgres, a.Baseline - b.Baseline);
    }

    /// <summary>
    /// A Socrates server in its own process on its own two databases, with a user signed in, a project on gpt-5-mini and
    /// a personal access token for it (<see cref="TokenHttp"/> sends it).
    /// </summary>
    internal sealed class Server(ChildProcess process, HttpClient http, HttpClient tokenHttp, Guid projectId) : IAsyncDisposable
    {
        public ChildProcess Process { get; } = process;

        public HttpClient Http { get; } = http;

        public HttpClient TokenHttp { get; } = tokenHttp;

        public Guid ProjectId { get; } = projectId;

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            TokenHttp.Dispose();
            await Process.DisposeAsync();
        }
    }

    /// <summary>BENCH_SERVER_ENV_X=v sets X=v for Socrates only (runtime knobs such as DOTNET_gcServer, to compare them).</summary>
    internal static Dictionary<string, string> ServerEnvironment() => Environment.GetEnvironmentVariables().Keys.Cast<string>()
        .Where(name => name.StartsWith("BENCH_SERVER_ENV_", StringComparison.Ordinal))
        .ToDictionary(name => name["BENCH_SERVER_ENV_".Length..], name => Environment.GetEnvironmentVariable(name)!);

    internal static async Task<Server> StartServerAsync(
        (string Folder, string Dll) api, Func<string, string> db, Uri fakes, Dictionary<string, string> serverEnvironment)
    {
        var process = await ChildProcess.StartAsync(api.Dll, [], api.Folder, new Dictionary<string, string>(serverEnvironment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Auth"] = db("_auth"),
            ["ConnectionStrings__Specs"] = db("_specs"),
            ["Jwt__SigningKey"] = "bench-signing-key-that-is-long-enough-for-hmac-sha256",
            ["Llm__MasterKeys__1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Llm__Providers__openai__BaseUrl"] = fakes + "v1",
            ["Llm__Providers__openai__ApiKey"] = "sk-bench",
            // Per-request Information logs (HttpClient factory, EF) would be measured too; production sets its own levels.
            ["Logging__LogLevel__Default"] = "Warning",
            // Traces are recorded whether or not an exporter is set; metrics are read by the Prometheus exporter.
            ["Telemetry__Prometheus"] = "true",
        });
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = process.BaseUrl };
        var token = await LoginAsync(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var project = await (await http.PostAsJsonAsync("/api/v1/projects", new { name = "bench" })).Content.ReadFromJsonAsync<JsonElement>();
        var projectId = project.GetProperty("id").GetGuid();
        (await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "openai", model = "gpt-5-mini" })).EnsureSuccessStatusCode();

        // Limits far above what the bench sends, so that the token's counters are measured, never its 429s.
        using var created = await http.PostAsJsonAsync("/api/v1/tokens",
            new { name = "bench", project_id = projectId, requests_per_minute = 1_000_000, tokens_per_minute = 1_000_000_000 });
        created.EnsureSuccessStatusCode();
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var tokenHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = process.BaseUrl };
        tokenHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new Server(process, http, tokenHttp, projectId);
    }

    /// <summary>One chat through a Socrates server: the time it took, and the provider and total times its Server-Timing reports.</summary>
    internal static async Task<(double Elapsed, double Provider, double Total)> ChatAsync(Server server, int thinkMs)
    {
        var started = Stopwatch.GetTimestamp();

        // Sent as the SDKs send theirs: with a Content-Length (PostAsJsonAsync would stream it chunked).
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(
            new { messages = new[] { new { role = "user", content = Prompt(thinkMs) } } }));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await server.Http.PostAsync($"/api/v1/projects/{server.ProjectId}/chat", content);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var (provider, total) = ServerTiming(response);
        return (elapsed, provider, total);
    }

    /// <summary>One chat through Socrates' /v1/chat/completions with the server's personal access token, timed as <see cref="ChatAsync"/>.</summary>
    internal static async Task<(double Elapsed, double Provider, double Total)> CompletionAsync(Server server, int thinkMs)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(
            new { model = "default", messages = new[] { new { role = "user", content = Prompt(thinkMs) } } }));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await server.TokenHttp.PostAsync("/v1/chat/completions", content);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var (provider, total) = ServerTiming(response);
        return (elapsed, provider, total);
    }

    /// <summary>The provider and total durations of a reply's <c>Server-Timing: provider;dur=P, total;dur=T</c>.</summary>
    internal static (double Provider, double Total) ServerTiming(HttpResponseMessage response)
    {
        var metrics = response.Headers.GetValues("Server-Timing").Single().Split(", ")
            .Select(metric => metric.Split(";dur="))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
        return (metrics["provider"], metrics["total"]);
    }

    private static string Prompt(int thinkMs) => thinkMs == 0 ? "Say hello." : $"Say hello. scenario=think-{thinkMs}";

    /// <summary>
    /// Each worker calls one after another. Worker w's i-th call asks the fake to think <see cref="ThinkMode.For"/>(w, i),
    /// the same for every path, and what is kept is the call's time minus that thinking: what the path itself cost.
    /// </summary>
    private static async Task<List<double>> MeasureAsync(Func<int, Task> call, ThinkMode mode, int concurrency, int perWorker)
    {
        var times = new List<double>[concurrency];
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = times[w] = new List<double>(perWorker);
            await Task.Delay(mode.Stagger(w, concurrency));
            for (var i = 0; i < perWorker; i++)
            {
                var thinkMs = mode.For(w, i);
                var start = Stopwatch.GetTimestamp();
                await call(thinkMs);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds - thinkMs);
            }
        }));
        return [.. times.SelectMany(t => t)];
    }

    internal static async Task<string> LoginAsync(HttpClient http)
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
}
