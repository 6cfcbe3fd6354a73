using Socrates.Api.Gateway.Limits;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Gateway;

/// <summary>
/// The counters instances share on PostgreSQL: two counters with their own connections, as two instances have, race
/// for one token's minute, and exactly its limit gets through.
/// </summary>
public sealed class SharedRateCountersTests(PostgresApp<GatewaySetup> app) : ApiTest(app), IClassFixture<PostgresApp<GatewaySetup>>
{
    [Fact]
    public async Task Two_instances_racing_for_one_tokens_minute_let_exactly_its_limit_through()
    {
        var connection = PostgresApp.WithDatabase(((PostgresApp)App).AuthDatabase);
        await using var first = PostgresCounters.Create(connection);
        await using var second = PostgresCounters.Create(connection);
        var tokenId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? first : second).TryTakeAsync(tokenId, 1000, maxRequests: 7, maxTokens: 1_000, CancellationToken.None)));

        Assert.Equal(7, results.Count(r => r.Allowed));
        Assert.All(results.Where(r => !r.Allowed), r => Assert.Equal(7, r.Use.Requests));

        // Tokens a call used close the minute for both instances.
        await first.AddTokensAsync(tokenId, 1001, 1_000);
        var (allowed, use) = await second.TryTakeAsync(tokenId, 1001, maxRequests: 7, maxTokens: 1_000, CancellationToken.None);
        Assert.False(allowed);
        Assert.Equal(1_000, use.Tokens);

        await second.SweepAsync(1002, CancellationToken.None);
        Assert.True((await first.TryTakeAsync(tokenId, 1001, maxRequests: 7, maxTokens: 1_000, CancellationToken.None)).Allowed);
    }
}
