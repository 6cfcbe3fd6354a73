using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Socrates.Api.Gateway.Limits;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Gateway;

/// <summary>
/// The counters instances share on PostgreSQL: two counters with their own connections, as two instances have, race
/// for one token's minute, and never let more than its limit through; with room to spare, leases spare the round trips.
/// </summary>
public sealed class SharedRateCountersTests(PostgresApp<GatewaySetup> app) : ApiTest(app), IClassFixture<PostgresApp<GatewaySetup>>
{
    private string Connection => PostgresApp.WithDatabase(((PostgresApp)App).AuthDatabase);

    private PostgresCounters Instance() => PostgresCounters.Create(Connection, NullLogger<PostgresCounters>.Instance);

    [Fact]
    public async Task Two_instances_racing_for_one_tokens_minute_let_exactly_its_limit_through()
    {
        await using var first = Instance();
        await using var second = Instance();
        var tokenId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? first : second).TryTakeAsync(tokenId, 1000, maxRequests: 7, maxTokens: 1_000, CancellationToken.None).AsTask()));

        Assert.Equal(7, results.Count(r => r.Allowed));
        Assert.All(results.Where(r => !r.Allowed), r => Assert.Equal(7, r.Use.Requests));

        // Tokens a call used close the minute for both instances, once written.
        first.AddTokens(tokenId, 1001, 1_000);
        await first.WriteTokensAsync(CancellationToken.None);
        var (allowed, use) = await second.TryTakeAsync(tokenId, 1001, maxRequests: 7, maxTokens: 1_000, CancellationToken.None);
        Assert.False(allowed);
        Assert.Equal(1_000, use.Tokens);

        await second.SweepAsync(1002, CancellationToken.None);
        await using var third = Instance();
        Assert.True((await third.TryTakeAsync(tokenId, 1001, maxRequests: 7, maxTokens: 1_000, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task Two_instances_leasing_parts_of_a_limit_let_exactly_the_limit_through_in_fewer_round_trips()
    {
        const int limit = 200;
        Assert.True(MinuteShare.LeaseSize(limit) > 1);
        await using var first = Instance();
        await using var second = Instance();
        var tokenId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 3 * limit).Select(i =>
            (i % 2 == 0 ? first : second).TryTakeAsync(tokenId, 2000, limit, maxTokens: 1_000_000, CancellationToken.None).AsTask()));

        Assert.Equal(limit, results.Count(r => r.Allowed));
        Assert.Equal((limit, 0L), await RowAsync(tokenId, 2000));
        Assert.InRange(first.Commands + second.Commands, 2, limit / 2);
    }

    [Fact]
    public async Task Under_a_large_limit_most_requests_are_served_without_a_round_trip()
    {
        const int limit = 1_000_000;
        const int each = 1_000;
        await using var first = Instance();
        await using var second = Instance();
        var tokenId = Guid.NewGuid();

        var allowed = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async caller =>
        {
            for (var i = 0; i < 2 * each / 64; i++)
            {
                if ((await (caller % 2 == 0 ? first : second).TryTakeAsync(tokenId, 3000, limit, 1_000_000_000, CancellationToken.None)).Allowed)
                {
                    Interlocked.Increment(ref allowed);
                }
            }
        }));

        Assert.Equal(2 * each / 64 * 64, allowed);
        var leases = (each / MinuteShare.LeaseSize(limit)) + 1;
        Assert.InRange(first.Commands, 1, leases);
        Assert.InRange(second.Commands, 1, leases);
    }

    [Fact]
    public async Task An_unspent_lease_makes_the_other_instance_refuse_early_and_never_lets_too_many_through()
    {
        const int limit = 200;
        var lease = MinuteShare.LeaseSize(limit);
        await using var first = Instance();
        await using var second = Instance();
        var tokenId = Guid.NewGuid();

        Assert.True((await first.TryTakeAsync(tokenId, 4000, limit, 1_000_000, CancellationToken.None)).Allowed);
        var bySecond = 0;
        for (var i = 0; i < limit; i++)
        {
            bySecond += (await second.TryTakeAsync(tokenId, 4000, limit, 1_000_000, CancellationToken.None)).Allowed ? 1 : 0;
        }

        Assert.Equal(limit - lease, bySecond);
        var (refused, use) = await second.TryTakeAsync(tokenId, 4000, limit, 1_000_000, CancellationToken.None);
        Assert.False(refused);
        Assert.Equal(limit, use.Requests);

        // The first instance still serves what it leased, and nothing more.
        var byFirst = 1;
        for (var i = 0; i < 2 * lease; i++)
        {
            byFirst += (await first.TryTakeAsync(tokenId, 4000, limit, 1_000_000, CancellationToken.None)).Allowed ? 1 : 0;
        }

        Assert.Equal(lease, byFirst);
        Assert.Equal(limit, byFirst + bySecond);
    }

    [Fact]
    public async Task Tokens_are_counted_at_once_here_and_written_for_all_calls_in_one_statement()
    {
        await using var first = PostgresCounters.Create(Connection, NullLogger<PostgresCounters>.Instance, writeInBackground: false);
        await using var second = Instance();
        var tokenId = Guid.NewGuid();
        for (var call = 0; call < 100; call++)
        {
            first.AddTokens(tokenId, 5000, 10);
        }

        // This instance refuses from memory, before anything is written.
        var (allowed, use) = await first.TryTakeAsync(tokenId, 5000, 100, maxTokens: 1_000, CancellationToken.None);
        Assert.False(allowed);
        Assert.Equal(1_000, use.Tokens);
        Assert.Equal(0, first.Commands);

        await first.WriteTokensAsync(CancellationToken.None);

        Assert.Equal(1, first.Commands);
        Assert.Equal((0, 1_000L), await RowAsync(tokenId, 5000));
        var (allowedThere, useThere) = await second.TryTakeAsync(tokenId, 5000, 100, maxTokens: 1_000, CancellationToken.None);
        Assert.False(allowedThere);
        Assert.Equal(1_000, useThere.Tokens);
    }

    [Fact]
    public async Task Tokens_on_their_way_to_the_database_still_count_here()
    {
        await using var counters = PostgresCounters.Create(Connection, NullLogger<PostgresCounters>.Instance, writeInBackground: false);
        var tokenId = Guid.NewGuid();
        counters.AddTokens(tokenId, 7000, 20);

        // Another transaction holds the row, so the write waits in the database as a slow round trip would.
        await using var holder = new NpgsqlConnection(Connection);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""INSERT INTO token_rate_counters ("TokenId", "Minute", "Requests", "Tokens") VALUES (@t, 7000, 0, 0)""", holder, hold))
        {
            insert.Parameters.AddWithValue("t", tokenId);
            await insert.ExecuteNonQueryAsync();
        }

        var writing = counters.WriteTokensAsync(CancellationToken.None);
        try
        {
            var take = counters.TryTakeAsync(tokenId, 7000, 100, maxTokens: 10, CancellationToken.None);
            Assert.True(take.IsCompleted, "A call while the tokens were being written went to the database for a lease.");
            var (allowed, use) = await take;
            Assert.False(allowed);
            Assert.Equal(20, use.Tokens);
            Assert.False(writing.IsCompleted);
        }
        finally
        {
            await hold.CommitAsync();
        }

        await writing;
        Assert.Equal((0, 20L), await RowAsync(tokenId, 7000));
        var (allowedAfter, useAfter) = await counters.TryTakeAsync(tokenId, 7000, 100, maxTokens: 10, CancellationToken.None);
        Assert.False(allowedAfter);
        Assert.Equal(20, useAfter.Tokens);
    }

    [Fact]
    public async Task Tokens_are_written_in_the_background_within_a_few_intervals()
    {
        await using var counters = Instance();
        var tokenId = Guid.NewGuid();
        counters.AddTokens(tokenId, 6000, 30);
        counters.AddTokens(tokenId, 6000, 12);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await RowAsync(tokenId, 6000)).Tokens == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(PostgresCounters.WriteInterval);
        }

        Assert.Equal((0, 42L), await RowAsync(tokenId, 6000));
    }

    private async Task<(int Requests, long Tokens)> RowAsync(Guid tokenId, long minute)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("""SELECT "Requests", "Tokens" FROM token_rate_counters WHERE "TokenId" = @t AND "Minute" = @m""", connection);
        read.Parameters.AddWithValue("t", tokenId);
        read.Parameters.AddWithValue("m", minute);
        await using var row = await read.ExecuteReaderAsync();
        return await row.ReadAsync() ? (row.GetInt32(0), row.GetInt64(1)) : (0, 0);
    }
}
