using Microsoft.Extensions.AI;

namespace Socrates.Api.Llm.Providers;

/// <summary>Token counts as the provider reported them, split the way they are billed.</summary>
public readonly record struct TokenCounts(long Input, long Output, long CachedInput, long CacheWrite)
{
    public static readonly TokenCounts Zero;

    /// <summary>Input billed at the full input price: what is left after cache reads and cache writes.</summary>
    public long UncachedInput => Math.Max(0, Input - CachedInput - CacheWrite);

    /// <summary>
    /// Microsoft.Extensions.AI's <see cref="UsageDetails.InputTokenCount"/> already includes cached reads and (for
    /// Anthropic) cache writes; the writes are only named in AdditionalCounts. Nothing is added twice here.
    /// </summary>
    public static TokenCounts From(UsageDetails? usage)
    {
        if (usage is null)
        {
            return Zero;
        }

        long cacheWrite = 0;
        if (usage.AdditionalCounts is { } extra && extra.TryGetValue(CacheWriteKey, out var writes))
        {
            cacheWrite = writes;
        }

        return new TokenCounts(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, cacheWrite);
    }

    public const string CacheWriteKey = "CacheCreationInputTokens";

    public static TokenCounts operator +(TokenCounts a, TokenCounts b) =>
        new(a.Input + b.Input, a.Output + b.Output, a.CachedInput + b.CachedInput, a.CacheWrite + b.CacheWrite);
}

public static class Pricing
{
    public const long NanosPerDollar = 1_000_000_000;

    /// <summary>
    /// The cost in nano-dollars, or null when the model has no price (not in the catalogue): unpriced, not free.
    /// Cached reads and cache writes fall back to the input price when the catalogue gives none for them.
    /// </summary>
    public static long? CostNanos(ModelInfo? model, TokenCounts tokens)
    {
        if (model is null)
        {
            return null;
        }

        // Prices are dollars per million tokens, so dollars per token * 1e9 = price * 1e3 nano-dollars per token.
        var nanos = 1000m * (
            tokens.UncachedInput * model.InputPerMtok
            + tokens.CachedInput * (model.CachedInputPerMtok ?? model.InputPerMtok)
            + tokens.CacheWrite * (model.CacheWritePerMtok ?? model.InputPerMtok)
            + tokens.Output * model.OutputPerMtok);
        return (long)decimal.Round(nanos, MidpointRounding.AwayFromZero);
    }

    public static decimal? Dollars(long? nanos) => nanos is { } n ? (decimal)n / NanosPerDollar : null;

    public static long Nanos(decimal dollars) => (long)decimal.Round(dollars * NanosPerDollar, MidpointRounding.AwayFromZero);
}
