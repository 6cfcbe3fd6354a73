using Microsoft.EntityFrameworkCore;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Tokens;

namespace Socrates.Api.Llm.Usage;

/// <param name="Name">The token's name, which outlives its revocation.</param>
public sealed record TokenUsage(Guid TokenId, string Name, UsageTotals Totals);

/// <summary>
/// Usage made with each of the user's personal access tokens. The rollups have no token column, so this reads usage
/// rows, through the (token, time) index: its cost grows with the calls made with tokens in the range, not with all calls.
/// </summary>
public static class UsageByToken
{
    public static async Task<IReadOnlyList<TokenUsage>> ForUserAsync(
        AuthDb auth, SpecsDb db, Guid userId, Guid? projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var names = await auth.Set<PersonalToken>().AsNoTracking().Where(t => t.UserId == userId)
            .Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        if (names.Count == 0)
        {
            return [];
        }

        var ids = names.Keys.Select(id => (Guid?)id).ToList();
        var rows = db.Set<LlmUsage>().AsNoTracking().Where(u => ids.Contains(u.TokenId) && u.UserId == userId);
        rows = projectId is { } p ? rows.Where(u => u.ProjectId == p) : rows;
        rows = from is { } f ? rows.Where(u => u.CreatedAt >= f.UtcDateTime) : rows;
        rows = to is { } t ? rows.Where(u => u.CreatedAt < t.UtcDateTime) : rows;
        var sums = await rows.GroupBy(u => u.TokenId!.Value)
            .Select(g => new
            {
                g.Key,
                Calls = g.LongCount(),
                Failed = g.LongCount(u => u.Status != UsageStatus.Ok),
                Input = g.Sum(u => u.InputTokens),
                Output = g.Sum(u => u.OutputTokens),
                Cached = g.Sum(u => u.CachedInputTokens),
                Cost = g.Sum(u => u.CostNanos ?? 0),
                Priced = g.LongCount(u => u.CostNanos != null),
            })
            .ToListAsync(ct);
        return [.. sums.Select(s => new TokenUsage(s.Key, names[s.Key], new UsageTotals(
                s.Calls, s.Failed, s.Input, s.Output, s.Cached, s.Input + s.Output, Pricing.Dollars(s.Cost)!.Value, s.Calls - s.Priced)))
            .OrderBy(u => u.Name, StringComparer.Ordinal).ThenBy(u => u.TokenId)];
    }
}
