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
/// day) on the (user, created_at) index returns at most a few rows per day and model, and the four breakdowns
/// are sums of those groups. Usage rows themselves are never loaded.
/// </summary>
public static class UsageStats
{
    private sealed record Group(
        string Provider, string Model, Guid? ProjectId, DateOnly Day,
        long Calls, long Failed, long Input, long Output, long Cached, long? CostNanos, long Priced);

    public static async Task<UsageReport> ForUserAsync(
        SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
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

        var groups = await rows
            .GroupBy(u => new { u.Provider, u.Model, u.ProjectId, u.Day })
            .Select(g => new Group(
                g.Key.Provider, g.Key.Model, g.Key.ProjectId, g.Key.Day,
                g.Count(),
                g.Count(u => u.Status != UsageStatus.Ok),
                g.Sum(u => u.InputTokens),
                g.Sum(u => u.OutputTokens),
                g.Sum(u => u.CachedInputTokens),
                g.Sum(u => u.CostNanos),
                g.Count(u => u.CostNanos != null)))
            .ToListAsync(ct);

        return new UsageReport(
            from, to, projectId, Total(groups),
            Breakdown(groups, g => g.Provider),
            Breakdown(groups, g => $"{g.Provider}/{g.Model}"),
            Breakdown(groups, g => g.ProjectId?.ToString() ?? "none"),
            Breakdown(groups, g => g.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
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
