using System.Collections.Concurrent;
using Npgsql;

namespace Socrates.Api.Gateway.Limits;

/// <summary>
/// The counters shared by every instance: one row per token and minute in token_rate_counters, holding the requests
/// instances have leased and the tokens calls used.
/// <para>
/// Requests are leased: an instance takes a share of a token's minute (<see cref="MinuteShare.LeaseSize"/>, a 32nd of
/// the limit) in one conditional upsert, and serves that many requests from memory before it goes back to the row. A
/// lease is granted whole and only while it fits under the limit; once it does not, the rest of the minute is leased
/// one request at a time, which is the exact single-row upsert. The row therefore never passes the limit and no
/// instance serves more than it leased: together they never let more than the limit through. What an instance leased
/// and did not serve is lost when its minute ends; it was counted, so it can only make other instances refuse early
/// (by less than one lease each, and only when an instance stopped getting that token's calls while holding one),
/// never let too many through. Near the limit the lease is one request, so the last places go to whoever asks.
/// </para>
/// <para>
/// Tokens are added in memory and written every <see cref="WriteInterval"/>, per token and minute in one statement
/// for all of them, and on disposal. This instance counts its own tokens at once, and while their write is on its way;
/// another instance sees them once they are written and it next reaches the row for that token (its next lease
/// or write, at least every <see cref="WriteInterval"/> while it serves calls of that token), so the tokens limit lags
/// by about two intervals across instances. It was never exact to the call: a call is let through while the minute is
/// under the limit, and its tokens are known only when it ends.
/// </para>
/// <para>
/// Its connections commit without waiting for the disk (<c>synchronous_commit=off</c>): a lease holds the row's lock
/// until its commit returns, and a busy token's callers must not queue behind each flush. A database crash can lose
/// the last fraction of a second of counts, which only lets a few more requests through that minute.
/// </para>
/// </summary>
internal sealed class PostgresCounters : IRateCounters, IAsyncDisposable
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(150);

    private const string Lease = """
        INSERT INTO token_rate_counters AS c ("TokenId", "Minute", "Requests", "Tokens")
        VALUES (@token, @minute, @lease, 0)
        ON CONFLICT ("TokenId", "Minute") DO UPDATE SET "Requests" = c."Requests" + @lease
            WHERE c."Requests" + @lease <= @max_requests AND c."Tokens" < @max_tokens
        RETURNING "Requests", "Tokens"
        """;

    private const string Read = """SELECT "Requests", "Tokens" FROM token_rate_counters WHERE "TokenId" = @token AND "Minute" = @minute""";

    // In key order, so that two instances writing the same tokens lock their rows in the same order.
    private const string WriteTokens = """
        INSERT INTO token_rate_counters AS c ("TokenId", "Minute", "Requests", "Tokens")
        SELECT t, m, 0, n FROM unnest(@tokens, @minutes, @amounts) AS u(t, m, n) ORDER BY t, m
        ON CONFLICT ("TokenId", "Minute") DO UPDATE SET "Tokens" = c."Tokens" + excluded."Tokens"
        RETURNING "TokenId", "Minute", "Requests", "Tokens"
        """;

    private readonly NpgsqlDataSource _database;
    private readonly ILogger<PostgresCounters> _logger;
    private readonly ConcurrentDictionary<(Guid Token, long Minute), MinuteShare> _shares = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private long _commands;

    /// <param name="writeInBackground">False only in tests that write with <see cref="WriteTokensAsync"/> themselves.</param>
    public PostgresCounters(NpgsqlDataSource database, ILogger<PostgresCounters> logger, bool writeInBackground = true)
    {
        _database = database;
        _logger = logger;
        _writer = writeInBackground ? WritePeriodicallyAsync(_stopping.Token) : Task.CompletedTask;
    }

    public static PostgresCounters Create(string connectionString, ILogger<PostgresCounters> logger, bool writeInBackground = true) => new(
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c synchronous_commit=off" }.ConnectionString),
        logger, writeInBackground);

    /// <summary>Statements sent to the database so far: what leasing and batching save is counted in tests.</summary>
    internal long Commands => Interlocked.Read(ref _commands);

    public async ValueTask<(bool Allowed, MinuteUse Use)> TryTakeAsync(Guid tokenId, long minute, int maxRequests, long maxTokens, CancellationToken ct)
    {
        var share = _shares.GetOrAdd((tokenId, minute), static _ => new MinuteShare());
        while (true)
        {
            var (next, use, leasing) = share.Take(maxRequests, maxTokens);
            switch (next)
            {
                case MinuteShare.Next.Served:
                    return (true, use);
                case MinuteShare.Next.Refused:
                    return (false, use);
                case MinuteShare.Next.Wait:
                    await leasing!.WaitAsync(ct);
                    continue;
            }

            try
            {
                // Not cancelled with this caller: the lease serves the callers waiting for it too.
                await LeaseAsync(share, tokenId, minute, maxRequests, maxTokens);
            }
            finally
            {
                share.EndLease();
            }
        }
    }

    public void AddTokens(Guid tokenId, long minute, long tokens) =>
        _shares.GetOrAdd((tokenId, minute), static _ => new MinuteShare()).AddUnwritten(tokens);

    public async Task SweepAsync(long minute, CancellationToken ct)
    {
        foreach (var key in _shares.Keys.Where(k => k.Minute < minute))
        {
            _shares.TryRemove(key, out _);
        }

        await using var sweep = _database.CreateCommand("""DELETE FROM token_rate_counters WHERE "Minute" < @minute""");
        sweep.Parameters.AddWithValue("minute", minute);
        Interlocked.Increment(ref _commands);
        await sweep.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the tokens added since the last write, for every token and minute in one statement.</summary>
    internal async Task WriteTokensAsync(CancellationToken ct)
    {
        var batch = _shares.Select(s => (s.Key, Share: s.Value, Tokens: s.Value.TakeUnwritten())).Where(b => b.Tokens > 0).ToList();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var write = _database.CreateCommand(WriteTokens);
            write.Parameters.AddWithValue("tokens", batch.Select(b => b.Key.Token).ToArray());
            write.Parameters.AddWithValue("minutes", batch.Select(b => b.Key.Minute).ToArray());
            write.Parameters.AddWithValue("amounts", batch.Select(b => b.Tokens).ToArray());
            Interlocked.Increment(ref _commands);
            var written = new Dictionary<(Guid, long), MinuteUse>(batch.Count);
            await using (var rows = await write.ExecuteReaderAsync(ct))
            {
                while (await rows.ReadAsync(ct))
                {
                    written[(rows.GetGuid(0), rows.GetInt64(1))] = new MinuteUse(rows.GetInt32(2), rows.GetInt64(3));
                }
            }

            foreach (var (key, share, tokens) in batch)
            {
                share.Written(tokens, written.GetValueOrDefault(key));
            }
        }
        catch
        {
            // Written at the next tick. Should the failure come after the database applied the write, the tokens count
            // twice, which can only refuse early.
            foreach (var (_, share, tokens) in batch)
            {
                share.WriteFailed(tokens);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _writer;
        try
        {
            await WriteTokensAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            _logger.LogWarning("The last rate-limit tokens could not be written: {Error}", e.Message);
        }

        _stopping.Dispose();
        await _database.DisposeAsync();
    }

    private async Task LeaseAsync(MinuteShare share, Guid tokenId, long minute, int maxRequests, long maxTokens)
    {
        var size = share.NextLeaseSize(maxRequests);
        var row = await LeaseRowAsync(tokenId, minute, size, maxRequests, maxTokens);
        if (row is null && size > 1)
        {
            share.NearTheLimit();
            size = 1;
            row = await LeaseRowAsync(tokenId, minute, size, maxRequests, maxTokens);
        }

        if (row is { } leased)
        {
            share.Leased(size, leased);
            return;
        }

        // Refused: the row is full (or past the tokens limit), and stays so for the rest of its minute.
        await using var read = _database.CreateCommand(Read);
        read.Parameters.AddWithValue("token", tokenId);
        read.Parameters.AddWithValue("minute", minute);
        Interlocked.Increment(ref _commands);
        await using var current = await read.ExecuteReaderAsync();
        share.Saw(await current.ReadAsync() ? new MinuteUse(current.GetInt32(0), current.GetInt64(1)) : new MinuteUse(maxRequests, maxTokens));
    }

    /// <returns>The row after <paramref name="size"/> requests were leased from it, or null when they did not fit.</returns>
    private async Task<MinuteUse?> LeaseRowAsync(Guid tokenId, long minute, int size, int maxRequests, long maxTokens)
    {
        await using var lease = _database.CreateCommand(Lease);
        lease.Parameters.AddWithValue("token", tokenId);
        lease.Parameters.AddWithValue("minute", minute);
        lease.Parameters.AddWithValue("lease", size);
        lease.Parameters.AddWithValue("max_requests", maxRequests);
        lease.Parameters.AddWithValue("max_tokens", maxTokens);
        Interlocked.Increment(ref _commands);
        await using var reader = await lease.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new MinuteUse(reader.GetInt32(0), reader.GetInt64(1)) : null;
    }

    private async Task WritePeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(WriteInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await WriteTokensAsync(stopping);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    _logger.LogWarning("Writing rate-limit tokens failed, retried at the next tick: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal writes what is left.
        }
    }
}
