namespace Socrates.Api.Gateway.Limits;

/// <summary>What a token has used in one minute, after a request was counted (or refused).</summary>
public readonly record struct MinuteUse(int Requests, long Tokens);

/// <summary>Per-token, per-minute counters: in memory on one instance, in the database when instances share them.</summary>
public interface IRateCounters
{
    /// <summary>
    /// Counts one request in <paramref name="minute"/> unless the token already made <paramref name="maxRequests"/> or used
    /// <paramref name="maxTokens"/> in it. Concurrent requests, on any number of instances, never together pass
    /// <paramref name="maxRequests"/>.
    /// </summary>
    /// <returns>Whether the request was counted, and the minute's use with it.</returns>
    ValueTask<(bool Allowed, MinuteUse Use)> TryTakeAsync(Guid tokenId, long minute, int maxRequests, long maxTokens, CancellationToken ct);

    /// <summary>Adds the tokens a call used to its minute, once the provider has reported them (counted here at once).</summary>
    void AddTokens(Guid tokenId, long minute, long tokens);

    /// <summary>Forgets minutes before <paramref name="minute"/>.</summary>
    Task SweepAsync(long minute, CancellationToken ct);
}
