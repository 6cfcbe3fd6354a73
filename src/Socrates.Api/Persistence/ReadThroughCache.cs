using System.Collections.Concurrent;

namespace Socrates.Api.Persistence;

/// <summary>
/// Values read from a database, kept in this process for a short time. <see cref="Invalidate"/> is called after a
/// write commits; a read that was already under way when it happened is not stored, so a value read before a
/// write cannot outlive it here. Writes made by another server instance are seen once the entry expires.
/// Null (not found) is never stored, so lookups of ids that do not exist cannot fill the cache.
/// <para>
/// A key is loaded by one read at a time: callers that miss together wait for the same load instead of each sending
/// the same query. In the last quarter of its lifetime an entry is still served while one background load replaces
/// it, so a key in steady use never expires under its callers (without this, every busy key cost its concurrent
/// callers a queue of identical queries once per lifetime).
/// </para>
/// </summary>
/// <param name="load">Reads the value; it must not depend on any caller's scope, since it may run in the background.</param>
public sealed class ReadThroughCache<TKey, TValue>(
    TimeSpan lifetime, TimeProvider time, Func<TKey, CancellationToken, Task<TValue?>> load, int capacity = 100_000)
    where TKey : notnull
    where TValue : class
{
    // A slot's identity is what TryUpdate compares: a class, so two loads of equal values are still different slots.
    private sealed class Slot(TValue? value, DateTimeOffset refreshFrom, DateTimeOffset expires)
    {
        public TValue? Value { get; } = value;
        public DateTimeOffset RefreshFrom { get; } = refreshFrom;
        public DateTimeOffset Expires { get; } = expires;
    }

    // A forgotten key keeps a marker at least this long, longer than any read can take, so that a read started
    // before the write cannot find the key absent and add its stale value.
    private static readonly TimeSpan MarkerLifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<TKey, Slot> _slots = new();

    // The load in progress per key. Invalidate removes it, so a caller after a write never joins a read from before it.
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue?>>> _loads = new();

    public bool Enabled => lifetime > TimeSpan.Zero;

    public async Task<TValue?> GetAsync(TKey key, CancellationToken ct)
    {
        if (!Enabled)
        {
            return await load(key, ct);
        }

        var now = time.GetUtcNow();
        _slots.TryGetValue(key, out var seen);
        if (seen is { Value: not null } && seen.Expires > now)
        {
            if (now >= seen.RefreshFrom)
            {
                _ = LoadOnceAsync(key, seen);
            }

            return seen.Value;
        }

        // The load is shared, so one caller giving up does not cancel it for the others.
        return await LoadOnceAsync(key, seen).WaitAsync(ct);
    }

    public void Invalidate(TKey key)
    {
        if (Enabled)
        {
            _slots[key] = new Slot(null, DateTimeOffset.MaxValue, time.GetUtcNow() + Max(lifetime, MarkerLifetime));
            _loads.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets every key, loads in progress included, as <see cref="Invalidate"/> forgets one.</summary>
    public void Clear()
    {
        foreach (var key in _slots.Keys.Concat(_loads.Keys).ToList())
        {
            Invalidate(key);
        }
    }

    private Task<TValue?> LoadOnceAsync(TKey key, Slot? seen)
    {
        while (true)
        {
            if (_loads.TryGetValue(key, out var running))
            {
                return running.Value;
            }

            Lazy<Task<TValue?>>? mine = null;
            mine = new Lazy<Task<TValue?>>(() => LoadAndStoreAsync(key, seen, mine!));
            if (_loads.TryAdd(key, mine))
            {
                var task = mine.Value;

                // A background refresh has nobody awaiting it; its failure just leaves the old value to expire.
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return task;
            }
        }
    }

    private async Task<TValue?> LoadAndStoreAsync(TKey key, Slot? seen, Lazy<Task<TValue?>> self)
    {
        try
        {
            var started = time.GetUtcNow();
            var value = await load(key, CancellationToken.None);
            if (value is null)
            {
                return null;
            }

            var fresh = new Slot(value, started + (lifetime * 3 / 4), started + lifetime);
            var stored = seen is null ? _slots.TryAdd(key, fresh) : _slots.TryUpdate(key, fresh, seen);
            if (stored && _slots.Count > capacity)
            {
                Trim(started);
            }

            return value;
        }
        finally
        {
            _loads.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue?>>>(key, self));
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
