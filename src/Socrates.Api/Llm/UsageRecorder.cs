using Socrates.Api.Persistence;

namespace Socrates.Api.Llm;

/// <summary>Writes one usage row per attempt, in its own scope so a request's own unit of work never carries it.</summary>
public sealed class UsageRecorder(IServiceScopeFactory scopes, TimeProvider time, ILogger<UsageRecorder> logger)
{
    public async Task RecordAsync(
        Guid userId, Guid? projectId, ChatTarget target, TokenCounts tokens, long? costNanos, TimeSpan latency, string status, string? errorKind)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = new LlmUsage
        {
            UserId = userId,
            ProjectId = projectId,
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

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        db.Set<LlmUsage>().Add(row);

        // The provider has already been paid: the row is written even when the caller has gone away.
        await db.SaveChangesAsync(CancellationToken.None);
        if (costNanos is null && status == UsageStatus.Ok)
        {
            logger.LogWarning("{Provider} model {Model} is not in the model catalogue; its usage is recorded unpriced", target.Provider, target.Model);
        }
    }
}
