namespace Socrates.Api.Llm.Usage;

/// <summary>
/// What <see cref="LlmUsageDaily"/> and <see cref="LlmUsageHourly"/> both hold: usage summed per user, UTC day,
/// project, provider and model (the hourly one also per hour). Not an entity itself; each table maps these columns.
/// </summary>
public abstract class UsageRollup
{
    public Guid UserId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>Guid.Empty for calls made outside a project (the key cannot hold NULL).</summary>
    public Guid ProjectId { get; set; }

    public required string Provider { get; set; }
    public required string Model { get; set; }
    public long Calls { get; set; }
    public long FailedCalls { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CachedInputTokens { get; set; }

    /// <summary>Nano-dollars of the priced calls; <see cref="PricedCalls"/> says how many calls that covers.</summary>
    public long CostNanos { get; set; }

    public long PricedCalls { get; set; }
}
