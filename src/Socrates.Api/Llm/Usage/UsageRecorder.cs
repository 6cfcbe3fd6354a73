using Socrates.Api.Llm.Providers;
using Socrates.Api.Telemetry;

namespace Socrates.Api.Llm.Usage;

/// <summary>Makes one usage row per attempt and hands it to <see cref="UsageWriter"/>, which journals it at once and commits rows in batches.</summary>
public sealed class UsageRecorder(UsageWriter writer, SocratesMetrics metrics, TimeProvider time, ILogger<UsageRecorder> logger)
{
    public Task RecordAsync(
        Guid userId, Guid? projectId, Guid? conversationId, Guid? tokenId, ChatTarget target, TokenCounts tokens, long? costNanos, TimeSpan latency, string status, string? errorKind)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = new LlmUsage
        {
            UserId = userId,
            ProjectId = projectId,
            ConversationId = conversationId,
            TokenId = tokenId,
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
        writer.Enqueue(row);
        metrics.Attempt(target.Provider, target.Model, status, costNanos);
        if (costNanos is null && status == UsageStatus.Ok)
        {
            logger.LogWarning("{Provider} model {Model} is not in the model catalogue; its usage is recorded unpriced", target.Provider, target.Model);
        }

        return Task.CompletedTask;
    }
}
