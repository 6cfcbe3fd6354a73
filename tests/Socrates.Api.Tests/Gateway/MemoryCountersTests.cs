using Socrates.Api.Gateway.Limits;

namespace Socrates.Api.Tests.Gateway;

/// <summary>The counters of a single instance: exact to the request, with nothing leased.</summary>
public sealed class MemoryCountersTests
{
    [Fact]
    public async Task Concurrent_requests_for_one_tokens_minute_get_exactly_its_limit_and_tokens_close_it_at_once()
    {
        var counters = new MemoryCounters();
        var tokenId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(async () => await counters.TryTakeAsync(tokenId, 1, maxRequests: 64, maxTokens: 1_000, CancellationToken.None))));

        Assert.Equal(64, results.Count(r => r.Allowed));
        Assert.All(results.Where(r => !r.Allowed), r => Assert.Equal(64, r.Use.Requests));

        counters.AddTokens(tokenId, 2, 1_000);
        var (allowed, use) = await counters.TryTakeAsync(tokenId, 2, maxRequests: 64, maxTokens: 1_000, CancellationToken.None);
        Assert.False(allowed);
        Assert.Equal(new MinuteUse(0, 1_000), use);
    }
}
