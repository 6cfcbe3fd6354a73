using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Socrates.Api.Llm;
using Socrates.Api.Persistence;
using static Socrates.Bench.Llm.Percentiles;

namespace Socrates.Bench.Llm;

/// <summary>
/// GET /api/v1/llm/usage's query (UsageStats.ForUserAsync, the code the endpoint runs) over N usage rows of one
/// user on PostgreSQL, against loading those rows and summing them in memory.
/// </summary>
internal static class UsageStatsBench
{
    private static readonly (string Provider, string Model)[] Models =
    [
        ("claude", "claude-sonnet-4-5"), ("claude", "claude-haiku-4-5"), ("claude", "claude-opus-4-5"),
        ("openai", "gpt-5"), ("openai", "gpt-5-mini"), ("openai", "gpt-4.1"),
        ("local", "llama3.1:8b"), ("local", "qwen2.5-coder:7b"),
    ];

    public static async Task RunAsync(string server, int rows)
    {
        var database = $"socrates_bench_{Guid.NewGuid():N}"[..30] + "_stats";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var options = new DbContextOptionsBuilder<PostgresSpecsDb>().UseNpgsql(connection).Options;
        try
        {
            await using (var db = new PostgresSpecsDb(options))
            {
                await db.Database.MigrateAsync();
            }

            var userId = Guid.CreateVersion7();
            var load = Stopwatch.StartNew();
            await FillAsync(connection, userId, rows);
            Console.WriteLine($"Usage stats: {rows:N0} usage rows of one user on PostgreSQL (loaded by COPY in {load.Elapsed.TotalSeconds:0.0} s, then VACUUM ANALYZE)");

            var to = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero);
            var stats = await TimeAsync(20, async () =>
            {
                await using var db = new PostgresSpecsDb(options);
                return (await UsageStats.ForUserAsync(db, userId, null, null, null, CancellationToken.None)).Totals.Calls;
            });
            var month = await TimeAsync(20, async () =>
            {
                await using var db = new PostgresSpecsDb(options);
                return (await UsageStats.ForUserAsync(db, userId, null, to.AddDays(-31), to, CancellationToken.None)).Totals.Calls;
            });
            var monthFromRows = await TimeAsync(5, async () =>
            {
                await using var db = new PostgresSpecsDb(options);
                return (await UsageStats.ForUserAsync(db, userId, null, to.AddDays(-31).AddMinutes(1), to, CancellationToken.None)).Totals.Calls;
            });
            var fromRows = await TimeAsync(5, async () =>
            {
                await using var db = new PostgresSpecsDb(options);
                // A bound with a time of day cannot use the daily rollup: this is the GROUP BY over the rows.
                var sinceLongAgo = new DateTimeOffset(2000, 1, 1, 0, 0, 1, TimeSpan.Zero);
                return (await UsageStats.ForUserAsync(db, userId, null, sinceLongAgo, null, CancellationToken.None)).Totals.Calls;
            });
            var inMemory = await TimeAsync(3, async () =>
            {
                await using var db = new PostgresSpecsDb(options);
                var all = await db.Set<LlmUsage>().AsNoTracking().Where(u => u.UserId == userId).ToListAsync();
                var groups = all.GroupBy(u => (u.Provider, u.Model, u.ProjectId, u.Day))
                    .Select(g => (g.Key, g.Count(), g.Sum(u => u.InputTokens), g.Sum(u => u.OutputTokens), g.Sum(u => u.CostNanos ?? 0)))
                    .ToList();
                return (long)all.Count;
            });

            Console.WriteLine($"  stats, all time, daily rollup ({stats.Calls:N0} calls):   p50 {Ms(stats.P50)}  max {Ms(stats.Max)}   (goal <= 50 ms)");
            Console.WriteLine($"  stats, 31 whole days, daily rollup ({month.Calls:N0} calls): p50 {Ms(month.P50)}  max {Ms(month.Max)}");
            Console.WriteLine($"  stats, 31 days starting 00:01, GROUP BY over the rows ({monthFromRows.Calls:N0} calls): p50 {Ms(monthFromRows.P50)}");
            Console.WriteLine($"  stats, all time, GROUP BY over the rows (a range with a time of day): p50 {Ms(fromRows.P50)}");
            Console.WriteLine($"  load rows and sum in memory: p50 {Ms(inMemory.P50)}  -> rollup {inMemory.P50 / stats.P50:0}x, row GROUP BY {inMemory.P50 / fromRows.P50:0.0}x faster");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") is null)
            {
                await GatewayOverhead.DropAsync(server, database);
            }
            else
            {
                Console.WriteLine($"  kept database {database}");
            }
        }
    }

    private static async Task<(long Calls, double P50, double Max)> TimeAsync(int runs, Func<Task<long>> run)
    {
        var calls = await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            calls = await run();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return (calls, Of(times, 50), times[^1]);
    }

    private static async Task FillAsync(string connectionString, Guid userId, int rows)
    {
        var projects = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToArray();
        var random = new Random(42);
        var now = DateTime.UtcNow;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY llm_usage (\"UserId\", \"ProjectId\", \"Provider\", \"Model\", \"InputTokens\", \"OutputTokens\", \"CachedInputTokens\", " +
            "\"CacheWriteTokens\", \"CostNanos\", \"LatencyMs\", \"Status\", \"ErrorKind\", \"CreatedAt\", \"Day\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                var (provider, model) = Models[random.Next(Models.Length)];
                var at = now.AddSeconds(-random.Next(90 * 24 * 3600));
                var failed = random.Next(50) == 0;
                await copy.StartRowAsync();
                await copy.WriteAsync(userId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(projects[random.Next(projects.Length)], NpgsqlDbType.Uuid);
                await copy.WriteAsync(provider, NpgsqlDbType.Varchar);
                await copy.WriteAsync(model, NpgsqlDbType.Varchar);
                await copy.WriteAsync(failed ? 0L : random.Next(100, 20_000), NpgsqlDbType.Bigint);
                await copy.WriteAsync(failed ? 0L : random.Next(10, 4_000), NpgsqlDbType.Bigint);
                await copy.WriteAsync(failed ? 0L : random.Next(0, 5_000), NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync((long)random.Next(0, 50_000_000), NpgsqlDbType.Bigint);
                await copy.WriteAsync(random.Next(100, 30_000), NpgsqlDbType.Integer);
                await copy.WriteAsync(failed ? UsageStatus.Error : UsageStatus.Ok, NpgsqlDbType.Varchar);
                if (failed)
                {
                    await copy.WriteAsync(UpstreamErrorKind.ServerError, NpgsqlDbType.Varchar);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(DateOnly.FromDateTime(at), NpgsqlDbType.Date);
            }

            await copy.CompleteAsync();
        }

        // What UsageWriter keeps up to date batch by batch, built here in one statement for the copied rows.
        await using (var rollup = new NpgsqlCommand("""
            INSERT INTO llm_usage_daily ("UserId", "Day", "ProjectId", "Provider", "Model", "Calls", "FailedCalls",
                "InputTokens", "OutputTokens", "CachedInputTokens", "CostNanos", "PricedCalls")
            SELECT "UserId", "Day", COALESCE("ProjectId", '00000000-0000-0000-0000-000000000000'), "Provider", "Model", count(*),
                count(*) FILTER (WHERE "Status" <> 'ok'), sum("InputTokens"), sum("OutputTokens"), sum("CachedInputTokens"),
                COALESCE(sum("CostNanos"), 0), count("CostNanos")
            FROM llm_usage GROUP BY 1, 2, 3, 4, 5
            """, connection) { CommandTimeout = 600 })
        {
            await rollup.ExecuteNonQueryAsync();
        }

        foreach (var table in new[] { "llm_usage", "llm_usage_daily" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync();
        }
    }
}
