namespace Socrates.Api.Llm.Calls;

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

    /// <summary>
    /// How long a call's budget hold lasts before the sweeper may release it even though its server is still beating;
    /// unset, the longest a call can take
    /// (<see cref="LongestCall"/>). A stream's Timeout bounds each wait for its next piece, not the whole stream, so a
    /// stream can outlive its hold: it keeps running, and its cost is still added when it ends.
    /// </summary>
    public TimeSpan? HoldLifetime { get; set; }

    /// <summary>
    /// How often each server looks for holds of dead calls, and once at start-up (every instance may; each hold is
    /// released once). A crashed server's holds are released within InstanceStaleAfter plus this.
    /// </summary>
    public TimeSpan HoldSweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each server refreshes its row in server_instances, which keeps its calls' holds alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A server whose row has not been refreshed for this long is presumed dead, and its calls' holds are released.
    /// Several heartbeats long, so a slow beat or a short database hiccup does not count, and longer than the clock
    /// difference between servers, whose own clocks write the beats. Every server sharing a database must use a value
    /// longer than every other server's HeartbeatInterval.
    /// </summary>
    public TimeSpan InstanceStaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every attempt on the primary model and on the most fallbacks a project may have, each attempt timing out, with
    /// the longest backoff between attempts (a longer one is not waited for): 42 minutes with the defaults.
    /// </summary>
    public TimeSpan LongestCall =>
        (1 + ProjectLlm.MaxFallbacks) * ((MaxAttempts * Timeout) + ((MaxAttempts - 1) * MaxRetryAfter));

    public TimeSpan EffectiveHoldLifetime => HoldLifetime ?? LongestCall;
}
