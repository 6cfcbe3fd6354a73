using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Socrates.Api.Persistence;
using Socrates.Api.Workspace.Context;
using static Socrates.Bench.Llm.Percentiles;

namespace Socrates.Bench.Llm;

/// <summary>
/// The workspace's system prompt built for a project of 10,000 specifications and 100 documents (about 30 times what a
/// 200,000-token window holds), in process, on SQLite and PostgreSQL: the database reads, token counts, full-text
/// ranking of documents and trimming, each time in a fresh request scope as a request would.
/// </summary>
internal static class ContextBuildBench
{
    private const int Specifications = 10_000;
    private const int Documents = 100;
    private const int WarmUp = 10;
    private static readonly int Measured =
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONTEXT_BUILDS"), out var builds) ? builds : 60;

    public static async Task RunAsync(string server)
    {
        Console.WriteLine($"Context build: {Specifications:N0} specifications, {Documents} documents, 20 earlier messages, in process, {Environment.ProcessorCount} cores");
        // WebApplicationFactory looks for the API next to the solution file; it lives under src/.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SOCRATES_API", GatewayOverhead.ApiBuild().Folder);
        var folder = Directory.CreateTempSubdirectory("socrates-bench-context-");
        try
        {
            await MeasureAsync("SQLite", $"Data Source={Path.Combine(folder.FullName, "auth.db")}", $"Data Source={Path.Combine(folder.FullName, "specs.db")}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }

        var prefix = $"socrates_bench_ctx_{Guid.NewGuid():N}"[..30];
        string Db(string name) => new NpgsqlConnectionStringBuilder(server) { Database = prefix + name, MaxPoolSize = 24 }.ConnectionString;
        try
        {
            await MeasureAsync("PostgreSQL", Db("_auth"), Db("_specs"));
        }
        finally
        {
            await GatewayOverhead.DropAsync(server, prefix + "_auth", prefix + "_specs");
        }
    }

    private static async Task MeasureAsync(string database, string auth, string specs)
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Auth", auth);
            builder.UseSetting("ConnectionStrings:Specs", specs);
            builder.UseSetting("Jwt:SigningKey", "bench-signing-key-that-is-long-enough-for-hmac-sha256");
            builder.UseSetting("Llm:MasterKeys:1", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayOverhead.LoginAsync(http));
        var projectId = await WorkspaceSample.CreateProjectAsync(http, "context bench");
        var filling = Stopwatch.StartNew();
        await WorkspaceSample.FillAsync(http, projectId, Specifications, Documents);
        Console.WriteLine($"  {database}: project filled in {filling.Elapsed.TotalSeconds:0.0} s");

        var random = new Random(7);
        var history = Enumerable.Range(0, 20)
            .Select(i => new HistoryMessage(i % 2 == 0 ? "user" : "assistant", WorkspaceSample.Sentence(random, 30 + random.Next(60))))
            .ToList();
        const string Latest = "How should the billing service retry a failed invoice webhook, and where is the audit kept?";
        foreach (var (window, changed) in new[] { (200_000, false), (32_000, false), (200_000, true) })
        {
            var request = new ContextRequest(projectId, "Help the user specify their project.", history, Latest, "claude", "claude-sonnet-4-5", window, 4_096);
            var times = new List<double>();
            ProjectContext? last = null;
            var cpu = TimeSpan.Zero;
            var builds = changed ? Measured / 3 : Measured;
            for (var i = 0; i < WarmUp + builds; i++)
            {
                if (changed)
                {
                    // A turn after the user accepted a proposal: what was kept of the specifications is stale.
                    await ChangeOneSpecificationAsync(app.Services, projectId, i);
                }

                await using var scope = app.Services.CreateAsyncScope();
                if (i == WarmUp)
                {
                    cpu = Process.GetCurrentProcess().TotalProcessorTime;
                }

                var started = Stopwatch.GetTimestamp();
                last = await scope.ServiceProvider.GetRequiredService<ProjectContextBuilder>().BuildAsync(request, CancellationToken.None);
                if (i >= WarmUp)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            // CPU time per build holds on a shared machine where wall time mostly measures the wait for a core. On
            // SQLite it includes the database's work; PostgreSQL's runs in its own processes.
            var cpuPerBuild = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / builds;
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    window {window:N0} tokens{(changed ? ", a specification changed before each build" : "")}: {Spread(times)}  max {Ms(times[^1])}"
                + $"{(changed ? "" : "   (goal p50 <= 20 ms)")}; CPU per build {Ms(cpuPerBuild)}; "
                + $"prompt {last!.InputTokens:N0} tokens, left out {last.Omitted.Specifications:N0} specifications, {last.Omitted.Documents} documents, "
                + $"{last.Omitted.Messages} messages; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
    }

    private static async Task ChangeOneSpecificationAsync(IServiceProvider services, Guid projectId, int round)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var key = $"item_{round}";
        await db.Specifications.Where(s => s.ProjectId == projectId && s.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Confidence, x => 1 - x.Confidence));
    }
}
