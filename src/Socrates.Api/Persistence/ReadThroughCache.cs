using System.Collections.Concurrent;

namespace Socrates.Api.Persistence;

/// <summary>
/// Values read from a database, kept in this process for a short time. <see cref="Invalidate"/> is called after a
/// write commits; a read that was already under way when it happened is not stored, so a value read before a
/// write cannot outlive it here. Writes made by another server instance are seen once the entry expires.
/// Null (not found) is never stored, so lookups of ids that do not exist cannot fill the cache.
/// </summary>
public sealed class ReadThroughCache<TKey, TValue>(TimeSpan lifetime, TimeProvider time, int capacity = 100_000)
    where TKey : notnull
    where TValue : class
{
    // A slot's identity is what TryUpdate compares: a class, so two loads of equal values are still different slots.
    private sealed class Slot(TValue? value, DateTimeOffset expires)
    {
        public TValue? Value { get; } = value;
        public DateTimeOffset Expires { get; } = expires;
    }

    // A forgotten key keeps a marker at least this long, longer than any read can take, so that a read started
    // before the write cannot find the key absent and add its stale value.
    private static readonly TimeSpan MarkerLifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<TKey, Slot> _slots = new();

    public bool Enabled => lifetime > TimeSpan.Zero;

    public async Task<TValue?> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> load, CancellationToken ct)
    {
        if (!Enabled)
        {
            return await load(key, ct);
        }

        var now = time.GetUtcNow();
        _slots.TryGetValue(key, out var seen);
        if (seen is { Value: not null } && seen.Expires > now)
        {
            return seen.Value;
        }

        var value = await load(key, ct);
        if (value is null)
        {
            return null;
        }

        var fresh = new Slot(value, now + lifetime);
        var stored = seen is null ? _slots.TryAdd(key, fresh) : _slots.TryUpdate(key, fresh, seen);
        if (stored && _slots.Count > capacity)
        {
            Trim(now);
        }

        return value;
    }

    public void Invalidate(TKey key)
    {
        if (Enabled)
        {
            _slots[key] = new Slot(null, time.GetUtcNow() + Max(lifetime, MarkerLifetime));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, slot) in _slots)
        {
            if (slot.Expires <= now)
            {
                _slots.TryRemove(new KeyValuePair<TKey, Slot>(key, slot));
            }
        }

        // Still full of live values: drop some of them (never markers) to make room for a while.
        var excess = _slots.Count - (capacity * 9 / 10);
        foreach (var (key, slot) in _slots)
        {
            if (excess <= 0)
            {
                break;
            }

            if (slot.Value is not null && _slots.TryRemove(new KeyValuePair<TKey, Slot>(key, slot)))
            {
                excess--;
            }
        }
    }
}
