using System.Globalization;
using System.Linq.Expressions;
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
/// Usage totals and breakdowns, aggregated by the database. A range of whole UTC days (no bounds, or bounds at
/// midnight) is answered by four small GROUP BYs over the daily rollup. Any other range needs the usage rows:
/// one GROUP BY over (provider, model, project, day) on the (user, created_at) index, whose few groups are then
/// added up into the breakdowns. Usage rows themselves are never loaded.
/// </summary>
public static class UsageStats
{
    internal sealed record Group(
        string Provider, string Model, Guid? ProjectId, DateOnly Day,
        long Calls, long Failed, long Input, long Output, long Cached, long? CostNanos, long Priced);

    public static async Task<UsageReport> ForUserAsync(
        SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (IsWholeDays(from) && IsWholeDays(to))
        {
            // The rollup is already one row per (day, project, provider, model): each breakdown is one small GROUP BY.
            var days = Days(db, userId, projectId, from, to);
            var byProvider = await SumByAsync(days, d => d.Provider, k => k, ct);
            return new UsageReport(
                from, to, projectId, Sum(byProvider.Select(b => b.Totals)),
                byProvider,
                await SumByAsync(days, d => new { d.Provider, d.Model }, k => $"{k.Provider}/{k.Model}", ct),
                await SumByAsync(days, d => d.ProjectId, k => k == Guid.Empty ? "none" : k.ToString(), ct),
                await SumByAsync(days, d => d.Day, k => k.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct));
        }

        var groups = await Query(db, userId, projectId, from, to).ToListAsync(ct);
        return new UsageReport(
            from, to, projectId, Total(groups),
            Breakdown(groups, g => g.Provider),
            Breakdown(groups, g => $"{g.Provider}/{g.Model}"),
            Breakdown(groups, g => g.ProjectId?.ToString() ?? "none"),
            Breakdown(groups, g => g.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static bool IsWholeDays(DateTimeOffset? bound) => bound is null || bound.Value.UtcDateTime.TimeOfDay == TimeSpan.Zero;

    private static async Task<List<UsageBreakdown>> SumByAsync<TKey>(
        IQueryable<LlmUsageDaily> days, Expression<Func<LlmUsageDaily, TKey>> key, Func<TKey, string> name, CancellationToken ct)
    {
        var sums = await days.GroupBy(key)
            .Select(g => new
            {
                g.Key,
                Calls = g.Sum(d => d.Calls),
                Failed = g.Sum(d => d.FailedCalls),
                Input = g.Sum(d => d.InputTokens),
                Output = g.Sum(d => d.OutputTokens),
                Cached = g.Sum(d => d.CachedInputTokens),
                Cost = g.Sum(d => d.CostNanos),
                Priced = g.Sum(d => d.PricedCalls),
            })
            .ToListAsync(ct);
        return [.. sums
            .Select(s => new UsageBreakdown(name(s.Key), new UsageTotals(
                s.Calls, s.Failed, s.Input, s.Output, s.Cached, s.Input + s.Output, Pricing.Dollars(s.Cost)!.Value, s.Calls - s.Priced)))
            .OrderBy(b => b.Key, StringComparer.Ordinal)];
    }

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

    private static IQueryable<LlmUsageDaily> Days(SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to)
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

        return days;
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
