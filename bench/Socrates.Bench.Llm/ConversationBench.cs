using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using Socrates.Api.Tests.Llm.Providers.Fakes;
using static Socrates.Bench.Llm.Percentiles;

namespace Socrates.Bench.Llm;

/// <summary>
/// A conversation turn (POST .../conversations/{id}/messages: store the user's message, build the project's context,
/// call the model, parse its proposals, store the reply and proposals) against the stateless chat route, side by side
/// in alternating rounds, Socrates in its own process on PostgreSQL (or SQLite), 64 callers each in its own conversation, the fake
/// model thinking 100 ms. The measure is Socrates' own time per call from its Server-Timing: total minus provider.
/// </summary>
internal static class ConversationBench
{
    /// <summary>BENCH_CALLERS: conversations in flight at once (64 by default).</summary>
    private static readonly int Callers = GatewayOverhead.Setting("BENCH_CALLERS", 64);

    /// <summary>BENCH_MODEL_MS: how long the fake model thinks before it answers (100 ms by default).</summary>
    private static readonly int ModelMs = GatewayOverhead.Setting("BENCH_MODEL_MS", 100);
    private const int TurnsPerConversation = 8;
    private const int Rounds = 8;
    /// <summary>
    /// BENCH_WARMUP_SECONDS: how long turns and chats run before measuring, 60 by default: at 20 s the JIT was still
    /// compiling the turn's paths and took about half its CPU.
    /// </summary>
    private static readonly int WarmUpSeconds = GatewayOverhead.Setting("BENCH_WARMUP_SECONDS", 60);
    /// <summary>
    /// BENCH_DATABASE: "postgres" (the default, on SOCRATES_BENCH_POSTGRES) or "sqlite", the embedded default (files in a
    /// fresh temporary folder).
    /// </summary>
    private static readonly bool OnSqlite = Environment.GetEnvironmentVariable("BENCH_DATABASE") is "sqlite";
    private const int SampleSpecifications = 300;
    private const int SampleDocuments = 10;

    public static async Task RunAsync(string server)
    {
        await using var fakes = await FakeProviders.StartAsync();
        var prefix = $"socrates_bench_conv_{Guid.NewGuid():N}"[..30];
        var sqliteFolder = Directory.CreateTempSubdirectory("socrates-bench-conv-").FullName;
        string Db(string name) => OnSqlite
            ? $"Data Source={Path.Combine(sqliteFolder, name.TrimStart('_') + ".db")}"
            : new NpgsqlConnectionStringBuilder(server) { Database = prefix + name, MaxPoolSize = 24 }.ConnectionString;
        var api = GatewayOverhead.ApiBuild();
        try
        {
            await using var socrates = await GatewayOverhead.StartServerAsync(api, Db, fakes.BaseUrl, GatewayOverhead.ServerEnvironment());
            await WorkspaceSample.FillAsync(socrates.Http, socrates.ProjectId, SampleSpecifications, SampleDocuments);
            Console.WriteLine($"Conversation turn vs stateless chat: project of {SampleSpecifications} specifications and {SampleDocuments} documents, "
                + $"{Callers} callers, fake model thinking {ModelMs} ms, Socrates on {(OnSqlite ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores");

            var turnOwn = new ConcurrentQueue<double>();
            var chatOwn = new ConcurrentQueue<double>();
            var turnAdded = new ConcurrentQueue<double>();
            var chatAdded = new ConcurrentQueue<double>();
            var until = Stopwatch.GetTimestamp() + (WarmUpSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                await RoundAsync(socrates, new(), new(), new(), new(), new());
            }

            var cpu = new CpuSplit();
            for (var round = 0; round < Rounds; round++)
            {
                await RoundAsync(socrates, turnOwn, turnAdded, chatOwn, chatAdded, cpu);
            }

            var turns = turnOwn.Order().ToList();
            var chats = chatOwn.Order().ToList();
            Console.WriteLine($"  {turns.Count} turns, {chats.Count} chats; Socrates' own time (Server-Timing total minus provider):");
            Console.WriteLine($"    conversation turn {Spread(turns)}   (goal p50 <= 2 ms)");
            Console.WriteLine($"    stateless chat    {Spread(chats)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    ratio at p50: a turn costs {Of(turns, 50) / Of(chats, 50):0.00}x a stateless chat"));
            Console.WriteLine($"  Socrates' CPU per call (wall time on a shared machine is mostly the wait for a core): "
                + $"turn {Ms(cpu.Turns.TotalMilliseconds / turns.Count)}, chat {Ms(cpu.Chats.TotalMilliseconds / chats.Count)}; "
                + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            Console.WriteLine($"  response time minus the model's {ModelMs} ms: turn {Spread([.. turnAdded.Order()])}");
            Console.WriteLine($"                                          chat {Spread([.. chatAdded.Order()])}");
        }
        finally
        {
            if (OnSqlite)
            {
                Directory.Delete(sqliteFolder, recursive: true);
            }
            else
            {
                await GatewayOverhead.DropAsync(server, prefix + "_auth", prefix + "_specs");
            }
        }
    }

    /// <summary>Every caller opens a conversation and takes its turns; then every caller sends as many stateless chats.</summary>
    private static async Task RoundAsync(
        GatewayOverhead.Server socrates, ConcurrentQueue<double> turnOwn, ConcurrentQueue<double> turnAdded,
        ConcurrentQueue<double> chatOwn, ConcurrentQueue<double> chatAdded, CpuSplit cpu)
    {
        var started = socrates.Process.CpuTime();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            var conversation = await CreateConversationAsync(socrates);
            await Task.Delay(caller * ModelMs / Callers);
            for (var turn = 0; turn < TurnsPerConversation; turn++)
            {
                var (elapsed, provider, total) = await TurnAsync(socrates, conversation, turn);
                turnOwn.Enqueue(total - provider);
                turnAdded.Enqueue(elapsed - ModelMs);
            }
        }));
        var turnsDone = socrates.Process.CpuTime();
        cpu.Turns += turnsDone - started;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            await Task.Delay(caller * ModelMs / Callers);
            for (var turn = 0; turn < TurnsPerConversation; turn++)
            {
                var (elapsed, provider, total) = await GatewayOverhead.ChatAsync(socrates, ModelMs);
                chatOwn.Enqueue(total - provider);
                chatAdded.Enqueue(elapsed - ModelMs);
            }
        }));
        cpu.Chats += socrates.Process.CpuTime() - turnsDone;
    }

    /// <summary>Socrates' CPU time spent on each kind of call.</summary>
    private sealed class CpuSplit
    {
        public TimeSpan Turns { get; set; }

        public TimeSpan Chats { get; set; }
    }

    private static async Task<Guid> CreateConversationAsync(GatewayOverhead.Server socrates)
    {
        using var content = Json(new { title = "bench" });
        using var response = await socrates.Http.PostAsync($"/api/v1/projects/{socrates.ProjectId}/conversations", content);
        response.EnsureSuccessStatusCode();
        return (await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync())).GetProperty("id").GetGuid();
    }

    private static async Task<(double Elapsed, double Provider, double Total)> TurnAsync(GatewayOverhead.Server socrates, Guid conversation, int turn)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = Json(new { content = $"Turn {turn}: the billing service retries invoices for each tenant. scenario=socratic think={ModelMs}" });
        using var response = await socrates.Http.PostAsync($"/api/v1/projects/{socrates.ProjectId}/conversations/{conversation}/messages", content);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var (provider, total) = GatewayOverhead.ServerTiming(response);
        return (elapsed, provider, total);
    }

    // With a Content-Length, as SDKs send bodies.
    private static ByteArrayContent Json(object body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
