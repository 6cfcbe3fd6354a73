namespace Socrates.Api.Web.Usage;

/// <summary>One bar of a <see cref="BarChart"/>: a label and a value for each series, stacked in series order.</summary>
public sealed record ChartBar(string Label, IReadOnlyList<decimal> Values)
{
    public decimal Total => Values.Sum();
}

/// <summary>A drawn part of a bar: where it starts and how long it is, in chart units.</summary>
public readonly record struct ChartSegment(int Series, double X, double Width);

/// <summary>
/// The geometry of a horizontal stacked bar chart: a scale from zero to a round maximum, and each bar's segments laid
/// end to end. Kept apart from the markup so that the arithmetic is tested on its own.
/// </summary>
public sealed class ChartBars
{
    public ChartBars(IReadOnlyList<ChartBar> bars, double length)
    {
        Bars = bars;
        Length = length;
        Max = NiceMax(bars.Count == 0 ? 0 : bars.Max(b => b.Total));
    }

    public IReadOnlyList<ChartBar> Bars { get; }

    /// <summary>How long a bar of <see cref="Max"/> is drawn.</summary>
    public double Length { get; }

    /// <summary>The value at the end of the axis: 1, 2 or 5 times a power of ten, at least the largest bar; 0 when every bar is 0.</summary>
    public decimal Max { get; }

    public bool IsEmpty => Max == 0;

    /// <summary>The ticks along the axis: 0, half and the whole of <see cref="Max"/>.</summary>
    public IReadOnlyList<(decimal Value, double X)> Ticks => IsEmpty ? [] : [(0, 0), (Max / 2, Length / 2), (Max, Length)];

    public double Scale(decimal value) => IsEmpty ? 0 : (double)(value / Max) * Length;

    /// <summary>The bar's non-zero segments, each starting where the one before it ended.</summary>
    public IReadOnlyList<ChartSegment> Segments(ChartBar bar)
    {
        var segments = new List<ChartSegment>();
        decimal start = 0;
        for (var series = 0; series < bar.Values.Count; series++)
        {
            var value = bar.Values[series];
            if (value > 0)
            {
                segments.Add(new ChartSegment(series, Scale(start), Scale(start + value) - Scale(start)));
                start += value;
            }
        }

        return segments;
    }

    public static decimal NiceMax(decimal max)
    {
        if (max <= 0)
        {
            return 0;
        }

        // From a power of ten at or below max (it may be far below 1: costs are fractions of a cent), up to 1, 2 or 5 times it.
        var power = 1m;
        while (power > max)
        {
            power /= 10;
        }

        while (power * 10 <= max)
        {
            power *= 10;
        }

        foreach (var step in new[] { 1m, 2m, 5m, 10m })
        {
            if (power * step >= max)
            {
                return power * step;
            }
        }

        return power * 10;
    }
}
