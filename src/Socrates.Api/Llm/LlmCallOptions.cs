namespace Socrates.Api.Llm;

/// <summary>How hard the router tries one provider before giving up or falling back ("Llm:Calls").</summary>
public sealed class LlmCallOptions
{
    public const string Section = "Llm:Calls";

    /// <summary>One attempt's limit; for a stream, the longest wait for the next piece of it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Attempts per provider and model, the first included, before the next fallback is tried.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first backoff; it doubles per retry (with jitter) unless the provider sends Retry-After.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited for: the attempt fails over instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Output tokens assumed when reserving budget for a call that sets no max_tokens.</summary>
    public int DefaultMaxTokens { get; set; } = 4096;

    /// <summary>
    /// How long a server keeps what a call reads before the provider (project model, budgets, stored keys). Changes
    /// made through the same server apply at once; through another instance sharing the database, within this time.
    /// Zero reads the database on every call.
    /// </summary>
    public TimeSpan LookupCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
