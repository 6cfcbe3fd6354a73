using System.Collections.Concurrent;

namespace Socrates.Api.Gateway.Limits;

/// <summary>The counters of a single instance (SQLite): a lock per token and minute, no I/O.</summary>
internal sealed class MemoryCounters : IRateCounters
{
    private sealed class Counter
    {
        public int Requests;
        public long Tokens;
    }

    private readonly ConcurrentDictionary<(Guid Token, long Minute), Counter> _counters = new();

    public ValueTask<(bool Allowed, MinuteUse Use)> TryTakeAsync(Guid tokenId, long minute, int maxRequests, long maxTokens, CancellationToken ct)
    {
        var counter = _counters.GetOrAdd((tokenId, minute), _ => new Counter());
        lock (counter)
        {
            var allowed = counter.Requests < maxRequests && counter.Tokens < maxTokens;
            if (allowed)
            {
                counter.Requests++;
            }

            return ValueTask.FromResult((allowed, new MinuteUse(counter.Requests, counter.Tokens)));
        }
    }

    public void AddTokens(Guid tokenId, long minute, long tokens)
    {
        var counter = _counters.GetOrAdd((tokenId, minute), _ => new Counter());
        Interlocked.Add(ref counter.Tokens, tokens);
    }

    public Task SweepAsync(long minute, CancellationToken ct)
    {
        foreach (var key in _counters.Keys.Where(k => k.Minute < minute))
        {
            _counters.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }
}
