using System.Globalization;
using System.Text.Json;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;

namespace Socrates.Api.Tests.Llm.Usage;

/// <summary>
/// Usage rows at chosen times, and what the stats and the rollups must say about them, worked out the slow, obvious
/// way over the rows in memory. Everything is compared as lines of text so that a mismatch shows which key is off.
/// </summary>
internal static class UsageSamples
{
    private static readonly (string Provider, string Model)[] Models =
        [("claude", "claude-sonnet-4-5"), ("claude", "claude-haiku-4-5"), ("openai", "gpt-5-mini"), ("local", "llama3.1:8b")];

    public static List<LlmUsage> Rows(Guid userId, IReadOnlyList<Guid?> projects, IEnumerable<DateTime> times, int seed)
    {
        var random = new Random(seed);
        return [.. times.Select(at =>
        {
            var (provider, model) = Models[random.Next(Models.Length)];
            var failed = random.Next(6) == 0;
            return new LlmUsage
            {
                UserId = userId,
                ProjectId = projects[random.Next(projects.Count)],
                Provider = provider,
                Model = model,
                InputTokens = random.Next(1, 20_000),
                OutputTokens = failed ? 0 : random.Next(1, 4_000),
                CachedInputTokens = random.Next(0, 1_000),
                // Some unpriced calls, so unpriced_calls and the cost sums are both tested.
                CostNanos = random.Next(5) == 0 ? null : random.Next(1, 50_000_000),
                LatencyMs = random.Next(50, 5_000),
                Status = failed ? UsageStatus.Error : UsageStatus.Ok,
                ErrorKind = failed ? UpstreamErrorKind.ServerError : null,
                CreatedAt = at,
                Day = DateOnly.FromDateTime(at),
            };
        })];
    }

    /// <summary>What GET /llm/usage must answer for these rows (already filtered to the range and project).</summary>
    public static List<string> Report(IReadOnlyCollection<LlmUsage> rows)
    {
        List<string> lines = [Line("totals", "", rows)];
        foreach (var (name, key) in new (string, Func<LlmUsage, string>)[]
        {
            ("by_provider", r => r.Provider),
            ("by_model", r => $"{r.Provider}/{r.Model}"),
            ("by_project", r => r.ProjectId?.ToString() ?? "none"),
            ("by_day", r => r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        })
        {
            lines.AddRange(rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Line(name, g.Key, [.. g])));
        }

        return lines;
    }

    /// <summary>The same lines, read from a usage report as the API returned it (in its order).</summary>
    public static List<string> Report(JsonElement report)
    {
        List<string> lines = [Line("totals", "", report.GetProperty("totals"))];
        foreach (var name in new[] { "by_provider", "by_model", "by_project", "by_day" })
        {
            lines.AddRange(report.GetProperty(name).EnumerateArray().Select(e => Line(name, e.GetProperty("key").GetString()!, e.GetProperty("totals"))));
        }

        return lines;
    }

    public static string Totals(IReadOnlyCollection<LlmUsage> rows) => Line("totals", "", rows);

    public static string Totals(UsageTotals t) => Line("totals", "", t.Calls, t.FailedCalls, t.InputTokens, t.OutputTokens,
        t.CachedInputTokens, t.TotalTokens, Pricing.Nanos(t.CostUsd), t.UnpricedCalls);

    private static string Line(string breakdown, string key, IReadOnlyCollection<LlmUsage> rows) =>
        Line(breakdown, key, rows.Count, rows.Count(r => r.Status != UsageStatus.Ok), rows.Sum(r => r.InputTokens), rows.Sum(r => r.OutputTokens),
            rows.Sum(r => r.CachedInputTokens), rows.Sum(r => r.InputTokens + r.OutputTokens), rows.Sum(r => r.CostNanos ?? 0), rows.Count(r => r.CostNanos is null));

    private static string Line(string breakdown, string key, JsonElement t) =>
        Line(breakdown, key, t.GetProperty("calls").GetInt64(), t.GetProperty("failed_calls").GetInt64(), t.GetProperty("input_tokens").GetInt64(),
            t.GetProperty("output_tokens").GetInt64(), t.GetProperty("cached_input_tokens").GetInt64(), t.GetProperty("total_tokens").GetInt64(),
            Pricing.Nanos(t.GetProperty("cost_usd").GetDecimal()), t.GetProperty("unpriced_calls").GetInt64());

    private static string Line(string breakdown, string key, long calls, long failed, long input, long output, long cached, long total, long costNanos, long unpriced) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{breakdown} {key}: calls {calls} failed {failed} in {input} out {output} cached {cached} total {total} nanos {costNanos} unpriced {unpriced}");

    /// <summary>What llm_usage_hourly must hold for these rows: one line per (hour, project, provider, model).</summary>
    public static List<string> Hourly(IEnumerable<LlmUsage> rows) =>
        [.. rows.GroupBy(r => (Hour: LlmUsageHourly.HourOf(r.CreatedAt), ProjectId: r.ProjectId ?? Guid.Empty, r.Provider, r.Model))
            .Select(g => Hourly(g.Key.Hour, DateOnly.FromDateTime(g.Key.Hour), g.Key.ProjectId, g.Key.Provider, g.Key.Model,
                g.Count(), g.Count(r => r.Status != UsageStatus.Ok), g.Sum(r => r.InputTokens), g.Sum(r => r.OutputTokens),
                g.Sum(r => r.CachedInputTokens), g.Sum(r => r.CostNanos ?? 0), g.Count(r => r.CostNanos is not null)))
            .Order(StringComparer.Ordinal)];

    public static List<string> Hourly(IEnumerable<LlmUsageHourly> stored) =>
        [.. stored.Select(h => Hourly(h.Hour, h.Day, h.ProjectId, h.Provider, h.Model,
                h.Calls, h.FailedCalls, h.InputTokens, h.OutputTokens, h.CachedInputTokens, h.CostNanos, h.PricedCalls))
            .Order(StringComparer.Ordinal)];

    private static string Hourly(
        DateTime hour, DateOnly day, Guid projectId, string provider, string model, long calls, long failed, long input, long output, long cached, long cost, long priced) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{hour:O} {day:yyyy-MM-dd} {projectId} {provider}/{model}: calls {calls} failed {failed} in {input} out {output} cached {cached} nanos {cost} priced {priced}");
}
