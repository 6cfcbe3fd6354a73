using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;

namespace Socrates.Bench.Cache;

/// <summary>
/// One call lookup in <see cref="ReadThroughCache{TKey, TValue}"/> (what the chat path's three lookups use) against
/// HybridCache (Microsoft.Extensions.Caching.Hybrid, in memory only, as a switch would use it), side by side in one
/// process on one thread: ns and bytes allocated per lookup for a key that is present, and for a key just invalidated
/// (invalidate, then a lookup that loads and stores). The loader answers at once, so a miss costs only the cache's own
/// work. Rounds alternate the cases; the median round is printed.
/// </summary>
internal static class CacheBench
{
    private const int Rounds = 7;
    private const int WarmUpRounds = 2;

    // HybridCache hands out the stored instance only for a sealed type marked immutable; any other type is serialised
    // when stored and deserialised for every hit, so a switch would wrap each cached value in a type like this.
    [ImmutableObject(true)]
    private sealed record Shared(ProjectLlmSettings Settings);

    public static async Task RunAsync(int lookups)
    {
        var lifetime = TimeSpan.FromSeconds(30); // LookupCacheLifetime's default
        var id = Guid.CreateVersion7();
        var settings = new ProjectLlmSettings(id, Guid.CreateVersion7(), "openai", "gpt-5-mini", [new ChatRoute("claude", "claude-haiku-4-5")]);
        var shared = new Shared(settings);
        var ours = new ReadThroughCache<Guid, ProjectLlmSettings>(lifetime, TimeProvider.System, (_, _) => Task.FromResult<ProjectLlmSettings?>(settings));

        var services = new ServiceCollection();
        services.AddHybridCache(o => o.DefaultEntryOptions = new() { Expiration = lifetime, LocalCacheExpiration = lifetime });
        await using var provider = services.BuildServiceProvider();
        var hybrid = provider.GetRequiredService<HybridCache>();
        var key = $"project:{id}";

        (string Name, int Count, Func<ValueTask> Lookup)[] cases =
        [
            ("hit   ReadThroughCache", lookups, async () => await ours.GetAsync(id, default)),
            ("hit   HybridCache, key formatted per lookup", lookups,
                async () => await hybrid.GetOrCreateAsync($"project:{id}", shared, static (s, _) => ValueTask.FromResult(s))),
            ("hit   HybridCache, key string made once", lookups,
                async () => await hybrid.GetOrCreateAsync(key, shared, static (s, _) => ValueTask.FromResult(s))),
            ("hit   HybridCache, the record as it is (not marked immutable)", lookups / 10,
                async () => await hybrid.GetOrCreateAsync($"plain:{id}", settings, static (s, _) => ValueTask.FromResult(s))),
            ("miss  ReadThroughCache: Invalidate, then load and store", lookups / 10, async () =>
            {
                ours.Invalidate(id);
                await ours.GetAsync(id, default);
            }),
            ("miss  HybridCache: RemoveAsync, then load and store", lookups / 10, async () =>
            {
                await hybrid.RemoveAsync(key);
                await hybrid.GetOrCreateAsync($"project:{id}", shared, static (s, _) => ValueTask.FromResult(s));
            }),
        ];

        Console.WriteLine($"Call lookup cache: {lookups:N0} hits per round ({lookups / 10:N0} for the slower cases), {Rounds} rounds after {WarmUpRounds} of warm-up, one thread");
        var ns = cases.Select(_ => new List<double>()).ToArray();
        var bytes = new double[cases.Length];
        for (var round = -WarmUpRounds; round < Rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var (_, count, lookup) = cases[i];
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var start = Stopwatch.GetTimestamp();
                for (var n = 0; n < count; n++)
                {
                    await lookup();
                }

                var elapsed = Stopwatch.GetElapsedTime(start);
                if (round >= 0)
                {
                    ns[i].Add(elapsed.TotalNanoseconds / count);
                    bytes[i] = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / count;
                }
            }
        }

        double Median(int i) => ns[i].Order().ElementAt(ns[i].Count / 2);
        Console.WriteLine($"{"case",-62} {"ns/lookup",10} {"bytes/lookup",13} {"x ReadThroughCache",19}");
        for (var i = 0; i < cases.Length; i++)
        {
            // Hits against ReadThroughCache's hit (the first case), misses against its miss.
            var baseline = cases[i].Name.StartsWith("hit", StringComparison.Ordinal) ? 0 : 4;
            Console.WriteLine($"{cases[i].Name,-62} {Median(i),10:N1} {bytes[i],13:N1} {Median(i) / Median(baseline),18:N2}x");
        }

        Console.WriteLine($"Per chat (three hits): ReadThroughCache {3 * Median(0) / 1000:N2} µs, HybridCache {3 * Median(1) / 1000:N2} µs, against a 1,000 µs budget");
    }
}
