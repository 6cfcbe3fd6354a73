using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Usage;

namespace Socrates.Api.Tests.Persistence;

/// <summary>
/// Usage recorded before llm_usage_hourly existed gets its hourly rows from the migration, and the writer's later
/// upserts add to those rows rather than beside them (the migration's SQL must cut hours to the very key EF writes).
/// </summary>
public abstract class HourlyBackfillTests(SocratesApp app) : ApiTest(app)
{
    private static readonly DateTime Start = new(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);

    private readonly ScratchSpecsDatabase _database = new(app, "backfill");

    /// <summary>A context on this test's own database, which starts out missing.</summary>
    private SpecsDb NewDb() => _database.NewDb();

    private Task DropAsync() => _database.DropAsync();

    [Fact]
    public async Task The_migration_fills_the_hourly_rollup_from_the_rows_already_there()
    {
        var userId = Guid.CreateVersion7();
        Guid?[] projects = [Guid.CreateVersion7(), null];
        var random = new Random(4);
        var hours = Enumerable.Range(0, 72).Select(h => Start.AddHours(h)).ToList();
        var before = UsageSamples.Rows(userId, projects, RandomTimes(random, hours).Concat(hours.SelectMany(h => new[] { h, h.AddTicks(-1) })), seed: 4);
        var after = UsageSamples.Rows(userId, projects, RandomTimes(random, hours), seed: 5);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using (var db = NewDb())
            {
                var migrator = db.GetService<IMigrator>();
                var migrations = db.Database.GetMigrations().ToList();
                var hourly = migrations.FindIndex(m => m.EndsWith("_AddHourlyUsageRollup", StringComparison.Ordinal));
                await migrator.MigrateAsync(migrations[hourly - 1], ct);
                // The rows as that schema holds them: columns added by later migrations do not exist yet.
                foreach (var r in before)
                {
                    object?[] values = [r.UserId, r.ProjectId, r.Provider, r.Model, r.InputTokens, r.OutputTokens, r.CachedInputTokens,
                        r.CacheWriteTokens, r.CostNanos, r.LatencyMs, r.Status, r.ErrorKind, r.CreatedAt, r.Day];
                    var arguments = values.Where(v => v is not null).ToArray();
                    var n = 0;
                    // A null has no type for EF to map a parameter from, so it is written as NULL.
                    var list = string.Join(", ", values.Select(v => v is null ? "NULL" : $"{{{n++}}}"));
                    var insert = """
                        INSERT INTO llm_usage ("UserId", "ProjectId", "Provider", "Model", "InputTokens", "OutputTokens", "CachedInputTokens",
                            "CacheWriteTokens", "CostNanos", "LatencyMs", "Status", "ErrorKind", "CreatedAt", "Day")
                        """ + $" VALUES ({list})";
                    await db.Database.ExecuteSqlRawAsync(insert, arguments!, ct);
                }

                await migrator.MigrateAsync(cancellationToken: ct);

                Assert.Equal(UsageSamples.Hourly(before), UsageSamples.Hourly(await db.Set<LlmUsageHourly>().AsNoTracking().ToListAsync(ct)));
            }

            await using (var services = new ServiceCollection().AddScoped(_ => NewDb()).AddMetrics().BuildServiceProvider())
            {
                using var writer = StandaloneUsageWriter.Create(services, Path.Combine(App.DataDirectory, $"backfill-{Guid.NewGuid():N}"));
                await writer.StartAsync(ct);
                foreach (var row in after)
                {
                    writer.Enqueue(row);
                }

                await writer.FlushAsync(ct);
                await writer.StopAsync(ct);
            }

            await using (var db = NewDb())
            {
                Assert.Equal(UsageSamples.Hourly([.. before, .. after]), UsageSamples.Hourly(await db.Set<LlmUsageHourly>().AsNoTracking().ToListAsync(ct)));
            }
        }
        finally
        {
            await DropAsync();
        }
    }

    private static IEnumerable<DateTime> RandomTimes(Random random, List<DateTime> hours) =>
        [.. Enumerable.Range(0, 300).Select(_ => hours[random.Next(hours.Count)].AddTicks(random.NextInt64(TimeSpan.TicksPerHour)))];
}

public sealed class HourlyBackfillOnSqlite(SqliteApp app) : HourlyBackfillTests(app);

public sealed class HourlyBackfillOnPostgres(PostgresApp app) : HourlyBackfillTests(app);
