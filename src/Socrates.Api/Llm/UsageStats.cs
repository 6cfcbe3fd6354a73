using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm;

public sealed record UsageTotals(
    long Calls, long FailedCalls, long InputTokens, long OutputTokens, long CachedInputTokens, long TotalTokens, decimal CostUsd, long UnpricedCalls);

public sealed record UsageBreakdown(string Key, UsageTotals Totals);

public sealed record UsageReport(
    DateTimeOffset? From, DateTimeOffset? To, Guid? ProjectId, UsageTotals Totals,
    IReadOnlyList<UsageBreakdown> ByProvider, IReadOnlyList<UsageBreakdown> ByModel,
    IReadOnlyList<UsageBreakdown> ByProject, IReadOnlyList<UsageBreakdown> ByDay);

/// <summary>
/// Usage totals and breakdowns. The database does the aggregation: one GROUP BY over (provider, model, project,
/// day) returns at most a few rows per day and model, and the four breakdowns are sums of those groups. A range of
/// whole UTC days (no bounds, or bounds at midnight) reads the daily rollup; any other range groups the usage rows
/// on the (user, created_at) index. Usage rows themselves are never loaded.
/// </summary>
public static class UsageStats
{
    internal sealed record Group(
        string Provider, string Model, Guid? ProjectId, DateOnly Day,
        long Calls, long Failed, long Input, long Output, long Cached, long? CostNanos, long Priced);

    public static async Task<UsageReport> ForUserAsync(
        SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var groups = IsWholeDays(from) && IsWholeDays(to)
            ? await DailyQuery(db, userId, projectId, from, to).ToListAsync(ct)
            : await Query(db, userId, projectId, from, to).ToListAsync(ct);
        return new UsageReport(
            from, to, projectId, Total(groups),
            Breakdown(groups, g => g.Provider),
            Breakdown(groups, g => $"{g.Provider}/{g.Model}"),
            Breakdown(groups, g => g.ProjectId?.ToString() ?? "none"),
            Breakdown(groups, g => g.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The aggregate queries, raw rows and rollup; public so the benchmark can show their SQL and time the raw one.</summary>
    public static IQueryable<object> QueryForDisplay(SpecsDb db, Guid userId, bool daily) =>
        daily ? DailyQuery(db, userId, null, null, null) : Query(db, userId, null, null, null);

    /// <summary>Stats from the usage rows whatever the range: what a range with a time of day uses.</summary>
    public static async Task<long> CountFromRowsAsync(SpecsDb db, Guid userId, CancellationToken ct) =>
        Total(await Query(db, userId, null, null, null).ToListAsync(ct)).Calls;

    private static bool IsWholeDays(DateTimeOffset? bound) => bound is null || bound.Value.UtcDateTime.TimeOfDay == TimeSpan.Zero;

    internal static IQueryable<Group> DailyQuery(SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var days = db.Set<LlmUsageDaily>().AsNoTracking().Where(d => d.UserId == userId);
        if (projectId is { } project)
        {
            days = days.Where(d => d.ProjectId == project);
        }

        if (from is { } start)
        {
            var first = DateOnly.FromDateTime(start.UtcDateTime);
            days = days.Where(d => d.Day >= first);
        }

        if (to is { } end)
        {
            var last = DateOnly.FromDateTime(end.UtcDateTime);
            days = days.Where(d => d.Day < last);
        }

        return days
            .GroupBy(d => new { d.Provider, d.Model, d.ProjectId, d.Day })
            .Select(g => new Group(
                g.Key.Provider, g.Key.Model, g.Key.ProjectId == Guid.Empty ? null : g.Key.ProjectId, g.Key.Day,
                g.Sum(d => d.Calls),
                g.Sum(d => d.FailedCalls),
                g.Sum(d => d.InputTokens),
                g.Sum(d => d.OutputTokens),
                g.Sum(d => d.CachedInputTokens),
                g.Sum(d => d.CostNanos),
                g.Sum(d => d.PricedCalls)));
    }

    internal static IQueryable<Group> Query(SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var rows = db.Set<LlmUsage>().AsNoTracking().Where(u => u.UserId == userId);
        if (projectId is { } project)
        {
            rows = rows.Where(u => u.ProjectId == project);
        }

        if (from is { } start)
        {
            var s = start.UtcDateTime;
            rows = rows.Where(u => u.CreatedAt >= s);
        }

        if (to is { } end)
        {
            var e = end.UtcDateTime;
            rows = rows.Where(u => u.CreatedAt < e);
        }

        return rows
            .GroupBy(u => new { u.Provider, u.Model, u.ProjectId, u.Day })
            .Select(g => new Group(
                g.Key.Provider, g.Key.Model, g.Key.ProjectId, g.Key.Day,
                g.Count(),
                g.Count(u => u.Status != UsageStatus.Ok),
                g.Sum(u => u.InputTokens),
                g.Sum(u => u.OutputTokens),
                g.Sum(u => u.CachedInputTokens),
                g.Sum(u => u.CostNanos),
                g.Count(u => u.CostNanos != null)));
    }

    private static List<UsageBreakdown> Breakdown(List<Group> groups, Func<Group, string> key) =>
        [.. groups.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new UsageBreakdown(g.Key, Total(g)))];

    private static UsageTotals Total(IEnumerable<Group> groups)
    {
        long calls = 0, failed = 0, input = 0, output = 0, cached = 0, cost = 0, priced = 0;
        foreach (var g in groups)
        {
            calls += g.Calls;
            failed += g.Failed;
            input += g.Input;
            output += g.Output;
            cached += g.Cached;
            cost += g.CostNanos ?? 0;
            priced += g.Priced;
        }

        return new UsageTotals(calls, failed, input, output, cached, input + output, Pricing.Dollars(cost)!.Value, calls - priced);
    }
}
