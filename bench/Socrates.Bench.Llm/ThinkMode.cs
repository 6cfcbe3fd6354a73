using System.Globalization;

namespace Socrates.Bench.Llm;

/// <summary>How long the fake upstream thinks before it answers a call.</summary>
/// <param name="Name">As printed.</param>
/// <param name="Min">Shortest thinking time, ms.</param>
/// <param name="Max">Longest thinking time, ms; equal to <paramref name="Min"/> for a fixed time.</param>
internal sealed record ThinkMode(string Name, int Min, int Max)
{
    public bool Instant => Max == 0;

    /// <summary>
    /// Worker <paramref name="worker"/>'s <paramref name="call"/>-th thinking time: a fixed function of the two, so
    /// every path measured gets the same sequence. A fixed time keeps 64 callers in step, arriving together each
    /// round; varied times spread them out, as real models' answer times do.
    /// </summary>
    public int For(int worker, int call) =>
        Min == Max ? Min : Min + (int)(Mix((uint)worker, (uint)call) % (uint)(Max - Min + 1));

    /// <summary>
    /// How long worker <paramref name="worker"/> of <paramref name="workers"/> waits before its first call of a round.
    /// With varied thinking the callers are independent, so their first calls are spread over one mean thinking time,
    /// as callers already under way would be, instead of all arriving in the same instant at every round's start.
    /// A fixed time keeps them in step, a burst each round: that is what that mode measures.
    /// </summary>
    public TimeSpan Stagger(int worker, int workers) =>
        Min == Max ? TimeSpan.Zero : TimeSpan.FromMilliseconds((Min + Max) / 2.0 * worker / workers);

    // A small integer hash (lowbias32): independent-looking values for neighbouring (worker, call) pairs.
    private static uint Mix(uint worker, uint call)
    {
        var x = (worker * 0x9E3779B9u) ^ call;
        x ^= x >> 16;
        x *= 0x7feb352du;
        x ^= x >> 15;
        x *= 0x846ca68bu;
        x ^= x >> 16;
        return x;
    }

    /// <summary>BENCH_THINK: a comma-separated list of "0", "100" (fixed) or "50-150" (varied); all three by default.</summary>
    public static IReadOnlyList<ThinkMode> Selected() =>
        (Environment.GetEnvironmentVariable("BENCH_THINK") ?? "0,100,50-150")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Parse)
            .ToList();

    private static ThinkMode Parse(string text)
    {
        var parts = text.Split('-');
        var min = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var max = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : min;
        var name = max == 0 ? "answers at once" : min == max ? $"thinks {min} ms" : $"thinks {min} to {max} ms, varied per call";
        return new ThinkMode(name, min, max);
    }
}
