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
