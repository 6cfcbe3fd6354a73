namespace Socrates.Api.Llm.Usage;

/// <summary>
/// A range [from, to) cut at whole UTC hours and days, so that each piece is read from the coarsest table that holds
/// it exactly: the usage rows for the partial hours at the ends, <see cref="LlmUsageHourly"/> for the partial days,
/// <see cref="LlmUsageDaily"/> for the whole days between. A null bound is open. However long the range, a query
/// reads at most two hours of usage rows and two days of hourly rollup; the rest is the daily rollup.
/// </summary>
internal sealed record UsageRangeSplit(
    IReadOnlyList<(DateTime From, DateTime To)> Rows,
    IReadOnlyList<(DateTime From, DateTime To)> Hours,
    (DateOnly? From, DateOnly? To)? Days)
{
    public bool IsEmpty => Rows.Count == 0 && Hours.Count == 0 && Days is null;

    public static UsageRangeSplit Of(DateTimeOffset? from, DateTimeOffset? to)
    {
        var start = from?.UtcDateTime;
        var end = to?.UtcDateTime;
        if (start >= end)
        {
            return new([], [], null);
        }

        var (rows, wholeHours) = Cut(start, end, TimeSpan.TicksPerHour);
        if (wholeHours is not { } whole)
        {
            return new(rows, [], null);
        }

        var (hours, wholeDays) = Cut(whole.First, whole.Last, TimeSpan.TicksPerDay);
        return new(rows, hours, wholeDays is { } days ? (DayOf(days.First), DayOf(days.Last)) : null);
    }

    /// <summary>
    /// [start, end) as its whole units (null when there is none: the whole range is then an edge) and the partial
    /// units at either end. Comparisons with a null (open) bound are false, which is what each test here needs.
    /// </summary>
    private static (List<(DateTime, DateTime)> Edges, (DateTime? First, DateTime? Last)? Whole) Cut(DateTime? start, DateTime? end, long unit)
    {
        var first = start is { } s ? Up(s, unit) : (DateTime?)null;
        var last = end is { } e ? Down(e, unit) : (DateTime?)null;
        if (first >= last)
        {
            return ([(start!.Value, end!.Value)], null);
        }

        var edges = new List<(DateTime, DateTime)>();
        if (start < first)
        {
            edges.Add((start.Value, first.Value));
        }

        if (last < end)
        {
            edges.Add((last.Value, end.Value));
        }

        return (edges, (first, last));
    }

    private static DateTime Down(DateTime at, long unit) => new(at.Ticks - (at.Ticks % unit), DateTimeKind.Utc);

    private static DateTime Up(DateTime at, long unit) => at.Ticks % unit == 0 ? at : Down(at, unit).AddTicks(unit);

    private static DateOnly? DayOf(DateTime? midnight) => midnight is { } m ? DateOnly.FromDateTime(m) : null;
}
