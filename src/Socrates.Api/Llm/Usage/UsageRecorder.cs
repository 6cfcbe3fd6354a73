using Socrates.Api.Llm.Providers;

namespace Socrates.Api.Llm.Usage;

/// <summary>Makes one usage row per attempt and returns once <see cref="UsageWriter"/> has committed it.</summary>
public sealed class UsageRecorder(UsageWriter writer, TimeProvider time, ILogger<UsageRecorder> logger)
{
    public async Task RecordAsync(
        Guid userId, Guid? projectId, Guid? conversationId, ChatTarget target, TokenCounts tokens, long? costNanos, TimeSpan latency, string status, string? errorKind)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = new LlmUsage
        {
            UserId = userId,
            ProjectId = projectId,
            ConversationId = conversationId,
            Provider = target.Provider,
            Model = target.Model,
            InputTokens = tokens.Input,
            OutputTokens = tokens.Output,
            CachedInputTokens = tokens.CachedInput,
            CacheWriteTokens = tokens.CacheWrite,
            CostNanos = costNanos,
            LatencyMs = (int)Math.Min(int.MaxValue, latency.TotalMilliseconds),
            Status = status,
            ErrorKind = errorKind,
            CreatedAt = now,
            Day = DateOnly.FromDateTime(now),
        };

        // The provider has already been paid: the row is kept even when the caller has gone away.
        await writer.WriteAsync(row);
        if (costNanos is null && status == UsageStatus.Ok)
        {
            logger.LogWarning("{Provider} model {Model} is not in the model catalogue; its usage is recorded unpriced", target.Provider, target.Model);
        }
    }
}
