using System.Globalization;

namespace Socrates.Bench.Llm;

internal static class Percentiles
{
    public static double Of(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture) + " ms";
}
