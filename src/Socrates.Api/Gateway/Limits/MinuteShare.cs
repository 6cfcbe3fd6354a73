namespace Socrates.Api.Gateway.Limits;

/// <summary>
/// One instance's part of one token's minute (<see cref="PostgresCounters"/>): the requests it has leased from the shared
/// row and not served yet, what it last saw in that row, and the tokens it has not written to it yet. Every field
/// changes under one lock; the round trips happen outside it.
/// </summary>
internal sealed class MinuteShare
{
    /// <summary>A lease is this fraction of the limit, so that a limit under 64 a minute is leased one request at a time.</summary>
    private const int Parts = 32;

    private const int LargestLease = 100;

    private readonly Lock _gate = new();
    private int _left;
    private int _rowRequests;
    private long _rowTokens;
    private long _unwritten;
    private long _writing;
    private bool _nearTheLimit;
    private TaskCompletionSource? _leasing;

    public enum Next
    {
        Served,
        Refused,

        /// <summary>This caller leases for everyone: it must call <see cref="Leased"/> or <see cref="Saw"/>, then <see cref="EndLease"/>.</summary>
        Lease,

        /// <summary>Another caller is leasing: wait for its task, then ask again.</summary>
        Wait,
    }

    /// <summary>
    /// Requests leased at once for a limit of <paramref name="maxRequests"/>: a 32nd of it, at most 100, so an
    /// instance holding an unspent lease makes others refuse at most about 3 % early; one at a time under 64 a minute.
    /// </summary>
    public static int LeaseSize(int maxRequests) => Math.Clamp(maxRequests / Parts, 1, LargestLease);

    /// <summary>
    /// Serves a request from the lease, or refuses it from what is known, or says who leases more. The use returned counts
    /// the requests in the row less those this instance leased and has not served, and the tokens written or not.
    /// </summary>
    public (Next Next, MinuteUse Use, Task? Leasing) Take(int maxRequests, long maxTokens)
    {
        lock (_gate)
        {
            var tokens = _rowTokens + _unwritten + _writing;
            if (tokens >= maxTokens)
            {
                return (Next.Refused, new MinuteUse(_rowRequests - _left, tokens), null);
            }

            if (_left > 0)
            {
                _left--;
                return (Next.Served, new MinuteUse(_rowRequests - _left, tokens), null);
            }

            // The row never goes down within its minute, so once it is full here it stays full.
            if (_rowRequests >= maxRequests)
            {
                return (Next.Refused, new MinuteUse(_rowRequests, tokens), null);
            }

            if (_leasing is { } other)
            {
                return (Next.Wait, default, other.Task);
            }

            _leasing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return (Next.Lease, default, null);
        }
    }

    /// <summary>How many requests to ask the row for next.</summary>
    public int NextLeaseSize(int maxRequests)
    {
        lock (_gate)
        {
            return _nearTheLimit ? 1 : LeaseSize(maxRequests);
        }
    }

    /// <summary>A whole lease no longer fits in the minute: the rest of it is leased one request at a time.</summary>
    public void NearTheLimit()
    {
        lock (_gate)
        {
            _nearTheLimit = true;
        }
    }

    /// <summary><paramref name="granted"/> requests were leased, leaving the row at <paramref name="row"/>.</summary>
    public void Leased(int granted, MinuteUse row)
    {
        lock (_gate)
        {
            _left += granted;
            SeeUnderLock(row);
        }
    }

    /// <summary>The row as read just now; it only ever grows, so an older answer arriving late changes nothing.</summary>
    public void Saw(MinuteUse row)
    {
        lock (_gate)
        {
            SeeUnderLock(row);
        }
    }

    /// <summary>Lets the callers that waited for this lease ask again, whether it succeeded or not.</summary>
    public void EndLease()
    {
        TaskCompletionSource? leasing;
        lock (_gate)
        {
            leasing = _leasing;
            _leasing = null;
        }

        leasing?.SetResult();
    }

    public void AddUnwritten(long tokens)
    {
        lock (_gate)
        {
            _unwritten += tokens;
        }
    }

    /// <summary>
    /// The tokens to write now. They count as being written until <see cref="Written"/> or <see cref="WriteFailed"/>:
    /// a call that starts while the write is on its way is refused if they used up the minute.
    /// </summary>
    public long TakeUnwritten()
    {
        lock (_gate)
        {
            var tokens = _unwritten;
            _writing += tokens;
            _unwritten = 0;
            return tokens;
        }
    }

    /// <summary>
    /// <paramref name="tokens"/> were written, leaving the row at <paramref name="row"/>. A row read by a lease after
    /// the write committed and before this can count them twice for that moment, which can only refuse early.
    /// </summary>
    public void Written(long tokens, MinuteUse row)
    {
        lock (_gate)
        {
            _writing -= tokens;
            SeeUnderLock(row);
        }
    }

    /// <summary><paramref name="tokens"/> were not written: they wait for the next write.</summary>
    public void WriteFailed(long tokens)
    {
        lock (_gate)
        {
            _writing -= tokens;
            _unwritten += tokens;
        }
    }

    private void SeeUnderLock(MinuteUse row)
    {
        _rowRequests = Math.Max(_rowRequests, row.Requests);
        _rowTokens = Math.Max(_rowTokens, row.Tokens);
    }
}
