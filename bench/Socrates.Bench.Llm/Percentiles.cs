using System.Globalization;

namespace Socrates.Bench.Llm;

internal static class Percentiles
{
    public static double Of(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>p50, p90, p99 and p99.9 of sorted milliseconds.</summary>
    public static string Spread(List<double> sorted) =>
        $"p50 {Ms(Of(sorted, 50))}  p90 {Ms(Of(sorted, 90))}  p99 {Ms(Of(sorted, 99))}  p99.9 {Ms(Of(sorted, 99.9))}";

    /// <summary>The median of some figures in ms, and their lowest and highest.</summary>
    public static string Range(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return $"{Ms(Of(sorted, 50))} ({Ms(sorted[0])} to {Ms(sorted[^1])})";
    }

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture) + " ms";
}
