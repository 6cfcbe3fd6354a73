using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Usage;

/// <summary>
/// Usage stats over ranges of every shape: each is answered from up to five pieces (rows, hourly rollup, daily rollup,
/// hourly rollup, rows), and must equal a plain sum over the rows in [from, to).
/// </summary>
public abstract class UsageRangeTests(SocratesApp app) : ApiTest(app)
{
    private static readonly DateTime Start = new(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime At(int day, int hour, int minute, int second = 0) =>
        Start.AddDays(day).AddHours(hour).AddMinutes(minute).AddSeconds(second);

    /// <summary>[from, to); null is an open bound.</summary>
    private static readonly (string Name, DateTime? From, DateTime? To)[] Ranges =
    [
        ("all time", null, null),
        ("whole days", At(1, 0, 0), At(3, 0, 0)),
        ("within one hour", At(1, 10, 17), At(1, 10, 42)),
        ("an hour with minutes, across an hour boundary", At(1, 10, 17), At(1, 11, 16)),
        ("one whole hour", At(1, 10, 0), At(1, 11, 0)),
        ("one whole hour with minutes around it", At(1, 10, 17), At(1, 12, 5)),
        ("within one day", At(1, 2, 13, 30), At(1, 21, 5)),
        ("across midnight", At(1, 22, 30), At(2, 1, 15)),
        ("whole hours across midnight", At(1, 22, 0), At(2, 3, 0)),
        ("many days, minutes at both ends", At(0, 13, 17), At(3, 9, 42)),
        ("whole day to minutes", At(1, 0, 0), At(3, 9, 42)),
        ("minutes to whole day", At(0, 13, 17), At(3, 0, 0)),
        ("from midnight, under an hour", At(2, 0, 0), At(2, 0, 30)),
        ("from a time, open end", At(2, 7, 59, 59), null),
        ("open start, to a time", null, At(2, 16, 20)),
        ("empty", At(1, 10, 17), At(1, 10, 17)),
    ];

    [Fact]
    public async Task Every_range_equals_the_sum_of_its_rows()
    {
        var (user, projects, rows) = await SeedAsync(seed: 1);

        List<string> expected = [], actual = [];
        foreach (var projectId in new[] { null, projects[0] })
        {
            foreach (var (name, from, to) in Ranges)
            {
                var label = $"{name}{(projectId is null ? "" : ", one project")} |";
                var inRange = rows.Where(r => (from is null || r.CreatedAt >= from) && (to is null || r.CreatedAt < to) && (projectId is null || r.ProjectId == projectId)).ToList();
                var query = string.Join('&', new[] { ("project_id", projectId?.ToString()), ("from", Iso(from)), ("to", Iso(to)) }
                    .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
                var report = await (await user.Client.GetAsync($"/api/v1/llm/usage?{query}")).ExpectAsync(HttpStatusCode.OK);

                expected.AddRange(UsageSamples.Report(inRange).Select(l => $"{label} {l}"));
                actual.AddRange(UsageSamples.Report(report).Select(l => $"{label} {l}"));
            }
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Every_range_by_day_and_provider_equals_the_sum_of_its_rows()
    {
        var (user, projects, rows) = await SeedAsync(seed: 4);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        List<string> expected = [], actual = [];
        foreach (var projectId in new[] { null, projects[1] })
        {
            foreach (var (name, from, to) in Ranges)
            {
                var label = $"{name}{(projectId is null ? "" : ", one project")} |";
                var inRange = rows.Where(r => (from is null || r.CreatedAt >= from) && (to is null || r.CreatedAt < to) && (projectId is null || r.ProjectId == projectId));
                expected.AddRange(inRange.GroupBy(r => (r.Day, r.Provider)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Provider, StringComparer.Ordinal)
                    .Select(g => $"{label} {g.Key.Day:yyyy-MM-dd} {g.Key.Provider} {UsageSamples.Totals([.. g])}"));
                var daily = await UsageStats.ByDayAndProviderAsync(db, user.Id, projectId, from.HasValue ? new DateTimeOffset(from.Value) : null, to.HasValue ? new DateTimeOffset(to.Value) : null, CancellationToken.None);
                actual.AddRange(daily.Select(d => $"{label} {d.Day:yyyy-MM-dd} {d.Provider} {UsageSamples.Totals(d.Totals)}"));
            }
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task The_hourly_rollup_holds_one_row_per_hour_with_the_sums_of_its_rows()
    {
        var (user, _, rows) = await SeedAsync(seed: 2);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var stored = await db.Set<LlmUsageHourly>().AsNoTracking().Where(h => h.UserId == user.Id).ToListAsync();

        // One row per key: a writer whose key differed from what EF stored (a DateTime format, a time zone) would add a
        // second row for the same hour instead of adding to the first.
        Assert.Equal(UsageSamples.Hourly(rows), UsageSamples.Hourly(stored));
        Assert.All(stored, h => Assert.Equal(DateTimeKind.Utc, h.Hour.Kind));
    }

    [Fact]
    public async Task A_full_batch_with_every_row_in_its_own_hour_is_written_whole()
    {
        // Each row its own hour and day group: the one command carries the most parameters a batch can need.
        var user = await NewUserAsync();
        Guid?[] projects = [await user.Client.CreateProjectAsync(), null];
        var rows = UsageSamples.Rows(user.Id, projects, Enumerable.Range(0, 3 * UsageWriter.MaxBatch).Select(i => Start.AddHours(-i)), seed: 3);
        var writer = App.Services.GetRequiredService<UsageWriter>();
        foreach (var row in rows)
        {
            writer.Enqueue(row);
        }

        await writer.FlushAsync(CancellationToken.None);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        Assert.Equal(rows.Count, await db.Set<LlmUsage>().CountAsync(u => u.UserId == user.Id));
        Assert.Equal(UsageSamples.Hourly(rows), UsageSamples.Hourly(await db.Set<LlmUsageHourly>().AsNoTracking().Where(h => h.UserId == user.Id).ToListAsync()));
        var report = await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(UsageSamples.Report(rows), UsageSamples.Report(report));
    }

    /// <summary>
    /// Rows at random times over six days, and on, just before and just after every bound the ranges use, written by
    /// the real writer in three rounds so that the rollup upserts also add to rows an earlier round made.
    /// </summary>
    private async Task<(UserSession User, Guid?[] Projects, List<LlmUsage> Rows)> SeedAsync(int seed)
    {
        var user = await NewUserAsync();
        Guid?[] projects = [await user.Client.CreateProjectAsync(), await user.Client.CreateProjectAsync(), null];
        var random = new Random(seed);
        var times = Enumerable.Range(0, 600).Select(_ => Start.AddDays(-1).AddTicks(random.NextInt64(6 * TimeSpan.TicksPerDay))).ToList();
        foreach (var bound in Ranges.SelectMany(r => new[] { r.From, r.To }).OfType<DateTime>().Distinct())
        {
            times.AddRange([bound.AddTicks(-1), bound, bound, bound.AddTicks(1)]);
        }

        var rows = UsageSamples.Rows(user.Id, projects, times.OrderBy(_ => random.Next()), seed);
        var writer = App.Services.GetRequiredService<UsageWriter>();
        foreach (var round in rows.Chunk((rows.Count / 3) + 1))
        {
            foreach (var row in round)
            {
                writer.Enqueue(row);
            }

            await writer.FlushAsync(CancellationToken.None);
        }

        return (user, projects, rows);
    }

    private static string? Iso(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public sealed class UsageRangesOnSqlite(SqliteApp app) : UsageRangeTests(app);

public sealed class UsageRangesOnPostgres(PostgresApp app) : UsageRangeTests(app);
