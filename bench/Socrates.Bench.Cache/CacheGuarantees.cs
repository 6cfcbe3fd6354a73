using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;

namespace Socrates.Bench.Cache;

/// <summary>
/// What ReadThroughCacheTests assert, tried on ReadThroughCache and on HybridCache (in memory only, its MemoryCache
/// on the same manual clock, null kept out through the factory's HybridCacheEntryContext), invalidated either by
/// RemoveAsync(key) or by RemoveByTagAsync(a tag per key). Printed as yes/no per guarantee, never asserted: a later
/// HybridCache can be checked again with the same command.
/// </summary>
internal static class CacheGuarantees
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(40);

    [ImmutableObject(true)]
    private sealed record Val(string Text);

    // The "database" of ReadThroughCacheTests: one row, read as it is when a load begins; a load waits on the gate when there is one.
    private sealed class World : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        public string? Row { get; set; } = "a";
        public int Loads;
        public TaskCompletionSource? Gate { get; set; }
        public bool Failing { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;

        // Each step of a scenario takes a millisecond, as on a real clock.
        public void Tick() => Now += TimeSpan.FromMilliseconds(1);

        public TaskCompletionSource Close() => Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<Val?> LoadAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref Loads);
            var row = Row;
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(ct);
            }

            return Failing ? throw new InvalidOperationException("database down") : row is null ? null : new Val(row);
        }
    }

    private interface ICandidate
    {
        ValueTask<Val?> GetAsync(CancellationToken ct = default);

        ValueTask InvalidateAsync();
    }

    private sealed class Ours(World world) : ICandidate
    {
        private readonly ReadThroughCache<int, Val> _cache = new(Lifetime, world, (_, ct) => world.LoadAsync(ct).AsTask());

        public ValueTask<Val?> GetAsync(CancellationToken ct) => new(_cache.GetAsync(1, ct));

        public ValueTask InvalidateAsync()
        {
            _cache.Invalidate(1);
            return default;
        }
    }

    private sealed class Hybrid(World world, bool byTag) : ICandidate
    {
        private static readonly string[] Tags = ["key:1"];
        private readonly HybridCache _cache = Build(world);

        public ValueTask<Val?> GetAsync(CancellationToken ct) => _cache.GetOrCreateAsync<Val?>("1", async (entry, token) =>
        {
            var value = await world.LoadAsync(token);
            if (value is null)
            {
                entry.Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite;
            }

            return value;
        }, tags: byTag ? Tags : null, cancellationToken: ct);

        public ValueTask InvalidateAsync() => byTag ? _cache.RemoveByTagAsync(Tags[0]) : _cache.RemoveAsync("1");

        public static HybridCache Build(TimeProvider time, bool clockForMemoryCache = true)
        {
            var services = new ServiceCollection().AddSingleton(time);
            if (clockForMemoryCache)
            {
                // HybridCache reads TimeProvider for tags only; its MemoryCache expires entries by its own clock.
                services.AddMemoryCache(o => o.Clock = new Clock(time));
            }

            services.AddHybridCache(o => o.DefaultEntryOptions = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime });
            return services.BuildServiceProvider().GetRequiredService<HybridCache>();
        }
    }

    private sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }

    private static readonly (string Name, Func<World, ICandidate> Make)[] Candidates =
    [
        ("ReadThroughCache", w => new Ours(w)),
        ("Hybrid+RemoveAsync", w => new Hybrid(w, byTag: false)),
        ("Hybrid+RemoveByTag", w => new Hybrid(w, byTag: true)),
    ];

    private static readonly (string Name, Func<World, ICandidate, Task<bool>> Holds)[] Guarantees =
    [
        ("callers that miss together share one read", async (w, c) =>
        {
            var gate = w.Close();
            var callers = Enumerable.Range(0, 50).Select(_ => c.GetAsync().AsTask()).ToList();
            await Task.Delay(20);
            gate.SetResult();
            return (await Task.WhenAll(callers)).All(v => v?.Text == "a") && w.Loads == 1;
        }),
        ("a caller that gives up does not cancel the others' read", async (w, c) =>
        {
            var gate = w.Close();
            using var leaving = new CancellationTokenSource();
            var left = c.GetAsync(leaving.Token).AsTask();
            var stayed = c.GetAsync().AsTask();
            await Task.Delay(20);
            await leaving.CancelAsync();
            var gaveUp = await left.ContinueWith(t => t.IsCanceled, TaskScheduler.Default);
            gate.SetResult();
            return gaveUp && (await stayed)?.Text == "a" && w.Loads == 1;
        }),
        ("a read begun before a write is not served after it", (w, c) => StaleAfterWriteAsync(w, c, warm: false)),
        ("  the same, the key having been read and invalidated before", (w, c) => StaleAfterWriteAsync(w, c, warm: true)),
        ("after an invalidation the next read loads, and is kept", async (w, c) =>
        {
            await c.GetAsync();
            w.Tick();
            w.Row = "new";
            await c.InvalidateAsync();
            w.Tick();
            var first = await c.GetAsync();
            w.Row = "newer";
            w.Tick();
            return first?.Text == "new" && (await c.GetAsync())?.Text == "new";
        }),
        ("an expired value is read again (the injected clock)", async (w, c) =>
        {
            await c.GetAsync();
            w.Row = "b";
            w.Now += Lifetime * 0.7;
            var young = await c.GetAsync();
            w.Now += Lifetime * 0.3;
            return young?.Text == "a" && (await c.GetAsync())?.Text == "b";
        }),
        ("in the last quarter: served, and one background read", async (w, c) =>
        {
            await c.GetAsync();
            w.Row = "b";
            w.Now += Lifetime * 0.8;
            var served = await c.GetAsync();
            for (var i = 0; i < 50 && (await c.GetAsync())?.Text != "b"; i++)
            {
                await Task.Delay(10);
            }

            return served?.Text == "a" && (await c.GetAsync())?.Text == "b" && w.Loads == 2;
        }),
        ("not found is never kept", async (w, c) =>
        {
            w.Row = null;
            var missing = await c.GetAsync();
            w.Row = "created";
            return missing is null && (await c.GetAsync())?.Text == "created";
        }),
        ("a failed read reaches its callers; the next reads again", async (w, c) =>
        {
            w.Failing = true;
            var failed = await c.GetAsync().AsTask().ContinueWith(t => t.IsFaulted, TaskScheduler.Default);
            w.Failing = false;
            return failed && (await c.GetAsync())?.Text == "a" && w.Loads == 2;
        }),
        ("every hit gets the stored instance (no copy per hit)", async (_, c) => ReferenceEquals(await c.GetAsync(), await c.GetAsync())),
    ];

    // The test's steps: the read gets the row as it was; the write commits and invalidates while the read is on its
    // way back; a caller after the write must not join the read from before it, and the stale row must not be kept.
    private static async Task<bool> StaleAfterWriteAsync(World w, ICandidate c, bool warm)
    {
        if (warm)
        {
            await c.GetAsync();
            await c.InvalidateAsync();
            w.Tick();
        }

        w.Row = "stale";
        var gate = w.Close();
        var read = c.GetAsync().AsTask();
        await Task.Delay(20);
        w.Tick();
        w.Row = "fresh";
        await c.InvalidateAsync();
        w.Tick();
        var after = c.GetAsync().AsTask();
        w.Gate = null;
        gate.SetResult();
        await read;
        var seen = (await after)?.Text;
        await Task.Delay(20);
        w.Tick();
        return seen == "fresh" && (await c.GetAsync())?.Text == "fresh";
    }

    public static async Task RunAsync()
    {
        Console.WriteLine("What ReadThroughCacheTests assert, per candidate (yes = holds):");
        Console.WriteLine($"{"",-58}{string.Concat(Candidates.Select(c => $"{c.Name,20}"))}");
        foreach (var (name, holds) in Guarantees)
        {
            var row = new List<string>();
            foreach (var (_, make) in Candidates)
            {
                var world = new World();
                row.Add(await holds(world, make(world)) ? "yes" : "NO");
            }

            Console.WriteLine($"{name,-58}{string.Concat(row.Select(r => $"{r,20}"))}");
        }

        // Without a clock given to its MemoryCache, HybridCache's entries expire by the system clock whatever TimeProvider is registered.
        var alone = new World();
        var cache = Hybrid.Build(alone, clockForMemoryCache: false);
        await cache.GetOrCreateAsync("1", _ => alone.LoadAsync(default));
        alone.Now += Lifetime * 2;
        await cache.GetOrCreateAsync("1", _ => alone.LoadAsync(default));
        Console.WriteLine($"HybridCache with only a TimeProvider registered: {alone.Loads} load(s) across two lifetimes of that clock (2 if it expired entries by it)");
    }
}
