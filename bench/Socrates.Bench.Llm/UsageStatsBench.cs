using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using static Socrates.Bench.Llm.Percentiles;

namespace Socrates.Bench.Llm;

/// <summary>
/// GET /api/v1/llm/usage's query (UsageStats.ForUserAsync, the code the endpoint runs) over N usage rows of one
/// user on PostgreSQL, for ranges of whole days and ranges with a time of day at either end, against loading those
/// rows and summing them in memory.
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
        // BENCH_KEEP keeps the filled database; BENCH_REUSE=<its name> measures it again without the minute of filling.
        var reuse = Environment.GetEnvironmentVariable("BENCH_REUSE");
        var database = reuse ?? $"socrates_bench_{Guid.NewGuid():N}"[..30] + "_stats";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var options = new DbContextOptionsBuilder<PostgresSpecsDb>().UseNpgsql(connection).Options;
        try
        {
            await using (var db = new PostgresSpecsDb(options))
            {
                await db.Database.MigrateAsync();
            }

            Guid userId;
            if (reuse is null)
            {
                userId = Guid.CreateVersion7();
                var load = Stopwatch.StartNew();
                await FillAsync(connection, userId, rows);
                Console.WriteLine($"Usage stats: {rows:N0} usage rows of one user on PostgreSQL (loaded by COPY in {load.Elapsed.TotalSeconds:0.0} s, then VACUUM ANALYZE)");
            }
            else
            {
                await using var db = new PostgresSpecsDb(options);
                userId = await db.Set<LlmUsageDaily>().Select(d => d.UserId).FirstAsync();
                Console.WriteLine($"Usage stats: {await db.Set<LlmUsage>().LongCountAsync():N0} usage rows of one user on PostgreSQL (database {database}, kept by an earlier run)");
            }

            var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
            var to = today.AddDays(1);
            var now = DateTimeOffset.UtcNow;
            var oneHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-2).AddMinutes(17);
            (string Name, DateTimeOffset? From, DateTimeOffset? To)[] ranges =
            [
                ("all time", null, null),
                ("31 whole days", to.AddDays(-31), to),
                ("31 days starting 00:01", to.AddDays(-31).AddMinutes(1), to),
                ("3 days ago 13:17 to today 09:42", today.AddDays(-3).AddHours(13).AddMinutes(17), today.AddHours(9).AddMinutes(42)),
                ("one hour, hh:17 to hh+1:17", oneHour, oneHour.AddHours(1)),
                ("from 2000-01-01 00:00:01, open end", new DateTimeOffset(2000, 1, 1, 0, 0, 1, TimeSpan.Zero), null),
            ];

            // Rounds over all ranges, one call each, rather than all calls of one range in a row: a burst of load from
            // elsewhere on the machine then spreads over the ranges instead of landing on one.
            var times = ranges.Select(_ => new List<double>()).ToArray();
            var counted = new long[ranges.Length];
            for (var round = -1; round < 30; round++)
            {
                for (var i = 0; i < ranges.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await using (var db = new PostgresSpecsDb(options))
                    {
                        counted[i] = (await UsageStats.ForUserAsync(db, userId, null, ranges[i].From, ranges[i].To, CancellationToken.None)).Totals.Calls;
                    }

                    // Round -1 warms up the connection pool and EF's query cache.
                    if (round >= 0)
                    {
                        times[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }

            var results = ranges.Select((r, i) => (r.Name, Calls: counted[i], P50: Of([.. times[i].Order()], 50), Max: times[i].Max())).ToList();
            var inMemory = await TimeAsync(3, async () =>
            {
                await using var db = new PostgresSpecsDb(options);
                var all = await db.Set<LlmUsage>().AsNoTracking().Where(u => u.UserId == userId).ToListAsync();
                var groups = all.GroupBy(u => (u.Provider, u.Model, u.ProjectId, u.Day))
                    .Select(g => (g.Key, g.Count(), g.Sum(u => u.InputTokens), g.Sum(u => u.OutputTokens), g.Sum(u => u.CostNanos ?? 0)))
                    .ToList();
                return (long)all.Count;
            });

            Console.WriteLine("  stats (goal <= 50 ms for any range):");
            foreach (var (name, calls, p50, max) in results)
            {
                Console.WriteLine($"    {name,-36} {calls,10:N0} calls   p50 {Ms(p50),12}   max {Ms(max),12}");
            }

            var slowest = results.Max(r => r.P50);
            Console.WriteLine($"  load all rows and sum in memory: p50 {Ms(inMemory.P50)} -> {inMemory.P50 / slowest:0}x the slowest stats p50");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") is null && reuse is null)
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

        // What UsageWriter keeps up to date batch by batch, built here in one statement per rollup for the copied rows.
        await using (var rollup = new NpgsqlCommand("""
            INSERT INTO llm_usage_daily ("UserId", "Day", "ProjectId", "Provider", "Model", "Calls", "FailedCalls",
                "InputTokens", "OutputTokens", "CachedInputTokens", "CostNanos", "PricedCalls")
            SELECT "UserId", "Day", COALESCE("ProjectId", '00000000-0000-0000-0000-000000000000'), "Provider", "Model", count(*),
                count(*) FILTER (WHERE "Status" <> 'ok'), sum("InputTokens"), sum("OutputTokens"), sum("CachedInputTokens"),
                COALESCE(sum("CostNanos"), 0), count("CostNanos")
            FROM llm_usage GROUP BY 1, 2, 3, 4, 5;

            INSERT INTO llm_usage_hourly ("UserId", "Hour", "Day", "ProjectId", "Provider", "Model", "Calls", "FailedCalls",
                "InputTokens", "OutputTokens", "CachedInputTokens", "CostNanos", "PricedCalls")
            SELECT "UserId", date_trunc('hour', "CreatedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "Day",
                COALESCE("ProjectId", '00000000-0000-0000-0000-000000000000'), "Provider", "Model", count(*),
                count(*) FILTER (WHERE "Status" <> 'ok'), sum("InputTokens"), sum("OutputTokens"), sum("CachedInputTokens"),
                COALESCE(sum("CostNanos"), 0), count("CostNanos")
            FROM llm_usage GROUP BY 1, 2, 3, 4, 5, 6;
            """, connection) { CommandTimeout = 600 })
        {
            await rollup.ExecuteNonQueryAsync();
        }

        foreach (var table in new[] { "llm_usage", "llm_usage_daily", "llm_usage_hourly" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync();
        }
    }
}
