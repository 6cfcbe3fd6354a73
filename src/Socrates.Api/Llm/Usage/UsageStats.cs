using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

public sealed record UsageTotals(
    long Calls, long FailedCalls, long InputTokens, long OutputTokens, long CachedInputTokens, long TotalTokens, decimal CostUsd, long UnpricedCalls);

public sealed record UsageBreakdown(string Key, UsageTotals Totals);

/// <summary>One provider's usage on one UTC day: the rows behind a chart of cost per day by provider.</summary>
public sealed record DailyProviderUsage(DateOnly Day, string Provider, UsageTotals Totals);

public sealed record UsageReport(
    DateTimeOffset? From, DateTimeOffset? To, Guid? ProjectId, UsageTotals Totals,
    IReadOnlyList<UsageBreakdown> ByProvider, IReadOnlyList<UsageBreakdown> ByModel,
    IReadOnlyList<UsageBreakdown> ByProject, IReadOnlyList<UsageBreakdown> ByDay)
{
    /// <summary>Calls made with personal access tokens, per token (<see cref="UsageByToken"/>).</summary>
    public IReadOnlyList<TokenUsage> ByToken { get; init; } = [];
}

/// <summary>
/// Usage totals and breakdowns, aggregated by the database. The range is cut into whole days (daily rollup), the
/// partial days around them (hourly rollup) and the partial hours at the ends (usage rows), see <see cref="UsageRangeSplit"/>;
/// the pieces are one UNION ALL, grouped twice by the database. Usage rows are never loaded, and at most two hours
/// of them are read, so any range costs about what the whole days around it cost.
/// </summary>
public static class UsageStats
{
    public static async Task<UsageReport> ForUserAsync(
        SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var pieces = UsageRangeSplit.Of(from, to);
        if (pieces.IsEmpty)
        {
            return new UsageReport(from, to, projectId, Sum([]), [], [], [], []);
        }

        // Two GROUP BYs over the pieces: (provider, model, project) holds the totals and three breakdowns in a few
        // hundred groups at most, and the fourth breakdown is by day. One GROUP BY over all four columns would return
        // a group per project, model and day (tens of thousands over a year); one per breakdown would read the pieces
        // four times.
        var slices = Slices(db, userId, projectId, pieces);
        var groups = await SumByAsync(slices, s => new { s.Provider, s.Model, s.ProjectId }, ct);
        var days = await SumByAsync(slices, s => s.Day, ct);
        return new UsageReport(
            from, to, projectId, Sum(groups.Select(g => g.Totals)),
            Breakdown(groups, k => k.Provider),
            Breakdown(groups, k => $"{k.Provider}/{k.Model}"),
            Breakdown(groups, k => k.ProjectId == Guid.Empty ? "none" : k.ProjectId.ToString()),
            Breakdown(days, k => k.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    /// <summary>Usage per (day, provider), ordered by day then provider: one GROUP BY over the same pieces as the report.</summary>
    public static async Task<IReadOnlyList<DailyProviderUsage>> ByDayAndProviderAsync(
        SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var pieces = UsageRangeSplit.Of(from, to);
        if (pieces.IsEmpty)
        {
            return [];
        }

        var groups = await SumByAsync(Slices(db, userId, projectId, pieces), s => new { s.Day, s.Provider }, ct);
        return [.. groups
            .Select(g => new DailyProviderUsage(g.Key.Day, g.Key.Provider, g.Totals))
            .OrderBy(d => d.Day)
            .ThenBy(d => d.Provider, StringComparer.Ordinal)];
    }

    /// <summary>The pieces as one UNION ALL of one shape, whichever table each piece comes from.</summary>
    private static IQueryable<UsageSlice> Slices(SpecsDb db, Guid userId, Guid? projectId, UsageRangeSplit pieces)
    {
        var parts = new List<IQueryable<UsageSlice>>();
        if (pieces.Days is (var firstDay, var lastDay))
        {
            var days = db.Set<LlmUsageDaily>().AsNoTracking().Where(d => d.UserId == userId);
            days = projectId is { } p ? days.Where(d => d.ProjectId == p) : days;
            days = firstDay is { } first ? days.Where(d => d.Day >= first) : days;
            days = lastDay is { } last ? days.Where(d => d.Day < last) : days;
            parts.Add(AsSlices(days));
        }

        foreach (var (first, last) in pieces.Hours)
        {
            var hours = db.Set<LlmUsageHourly>().AsNoTracking().Where(h => h.UserId == userId && h.Hour >= first && h.Hour < last);
            hours = projectId is { } p ? hours.Where(h => h.ProjectId == p) : hours;
            parts.Add(AsSlices(hours));
        }

        foreach (var (first, last) in pieces.Rows)
        {
            var rows = db.Set<LlmUsage>().AsNoTracking().Where(u => u.UserId == userId && u.CreatedAt >= first && u.CreatedAt < last);
            rows = projectId is { } p ? rows.Where(u => u.ProjectId == p) : rows;
            parts.Add(rows.Select(u => new UsageSlice
            {
                Provider = u.Provider, Model = u.Model, ProjectId = u.ProjectId ?? Guid.Empty, Day = u.Day,
                Calls = 1, Failed = u.Status != UsageStatus.Ok ? 1 : 0, Input = u.InputTokens, Output = u.OutputTokens,
                Cached = u.CachedInputTokens, CostNanos = u.CostNanos ?? 0, Priced = u.CostNanos != null ? 1 : 0,
            }));
        }

        return parts.Skip(1).Aggregate(parts[0], (all, part) => all.Concat(part));
    }

    private static IQueryable<UsageSlice> AsSlices<TRollup>(IQueryable<TRollup> rollup)
        where TRollup : UsageRollup =>
        rollup.Select(r => new UsageSlice
        {
            Provider = r.Provider, Model = r.Model, ProjectId = r.ProjectId, Day = r.Day,
            Calls = r.Calls, Failed = r.FailedCalls, Input = r.InputTokens, Output = r.OutputTokens,
            Cached = r.CachedInputTokens, CostNanos = r.CostNanos, Priced = r.PricedCalls,
        });

    private static async Task<List<(TKey Key, UsageTotals Totals)>> SumByAsync<TKey>(
        IQueryable<UsageSlice> slices, Expression<Func<UsageSlice, TKey>> key, CancellationToken ct)
    {
        var sums = await slices.GroupBy(key)
            .Select(g => new
            {
                g.Key,
                Calls = g.Sum(s => s.Calls),
                Failed = g.Sum(s => s.Failed),
                Input = g.Sum(s => s.Input),
                Output = g.Sum(s => s.Output),
                Cached = g.Sum(s => s.Cached),
                Cost = g.Sum(s => s.CostNanos),
                Priced = g.Sum(s => s.Priced),
            })
            .ToListAsync(ct);
        return [.. sums.Select(s => (s.Key, new UsageTotals(
            s.Calls, s.Failed, s.Input, s.Output, s.Cached, s.Input + s.Output, Pricing.Dollars(s.Cost)!.Value, s.Calls - s.Priced)))];
    }

    private static List<UsageBreakdown> Breakdown<TKey>(List<(TKey Key, UsageTotals Totals)> groups, Func<TKey, string> name) =>
        [.. groups.GroupBy(g => name(g.Key), g => g.Totals).Select(g => new UsageBreakdown(g.Key, Sum(g))).OrderBy(b => b.Key, StringComparer.Ordinal)];

    private static UsageTotals Sum(IEnumerable<UsageTotals> parts)
    {
        long calls = 0, failed = 0, input = 0, output = 0, cached = 0, unpriced = 0;
        decimal cost = 0;
        foreach (var t in parts)
        {
            (calls, failed, input, output, cached, cost, unpriced) =
                (calls + t.Calls, failed + t.FailedCalls, input + t.InputTokens, output + t.OutputTokens, cached + t.CachedInputTokens, cost + t.CostUsd, unpriced + t.UnpricedCalls);
        }

        return new UsageTotals(calls, failed, input, output, cached, input + output, cost, unpriced);
    }
}
