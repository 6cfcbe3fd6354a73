namespace Socrates.Api.Llm;

/// <summary>
/// A range [from, to) cut at whole UTC hours and days, so that each piece is read from the coarsest table that holds
/// it exactly: the usage rows for the partial hours at the ends, <see cref="LlmUsageHourly"/> for the partial days,
/// <see cref="LlmUsageDaily"/> for the whole days between. A null bound is open. However long the range, a query
/// reads at most two hours of usage rows and two days of hourly rollup; the rest is the daily rollup.
/// </summary>
internal sealed record UsagePieces(
    IReadOnlyList<(DateTime From, DateTime To)> Rows,
    IReadOnlyList<(DateTime From, DateTime To)> Hours,
    (DateOnly? From, DateOnly? To)? Days)
{
    public bool IsEmpty => Rows.Count == 0 && Hours.Count == 0 && Days is null;

    public static UsagePieces Of(DateTimeOffset? from, DateTimeOffset? to)
    {
        var start = from?.UtcDateTime;
        var end = to?.UtcDateTime;
        var rows = new List<(DateTime, DateTime)>();
        var hours = new List<(DateTime, DateTime)>();
        if (start >= end)
        {
            return new(rows, hours, null);
        }

        // Comparisons with a null (open) bound are false, which is what each test below needs.
        var firstHour = start is { } s ? Up(s, TimeSpan.TicksPerHour) : (DateTime?)null;
        var lastHour = end is { } e ? Down(e, TimeSpan.TicksPerHour) : (DateTime?)null;
        if (firstHour >= lastHour)
        {
            // No whole hour inside: less than two hours of rows.
            rows.Add((start!.Value, end!.Value));
            return new(rows, hours, null);
        }

        if (start < firstHour)
        {
            rows.Add((start.Value, firstHour.Value));
        }

        if (lastHour < end)
        {
            rows.Add((lastHour.Value, end.Value));
        }

        var firstDay = firstHour is { } h1 ? Up(h1, TimeSpan.TicksPerDay) : (DateTime?)null;
        var lastDay = lastHour is { } h2 ? Down(h2, TimeSpan.TicksPerDay) : (DateTime?)null;
        if (firstDay >= lastDay)
        {
            // No whole day inside the whole hours.
            hours.Add((firstHour!.Value, lastHour!.Value));
            return new(rows, hours, null);
        }

        if (firstHour < firstDay)
        {
            hours.Add((firstHour.Value, firstDay.Value));
        }

        if (lastDay < lastHour)
        {
            hours.Add((lastDay.Value, lastHour.Value));
        }

        return new(rows, hours, (DayOf(firstDay), DayOf(lastDay)));
    }

    private static DateTime Down(DateTime at, long unit) => new(at.Ticks - (at.Ticks % unit), DateTimeKind.Utc);

    private static DateTime Up(DateTime at, long unit) => at.Ticks % unit == 0 ? at : Down(at, unit).AddTicks(unit);

    private static DateOnly? DayOf(DateTime? midnight) => midnight is { } m ? DateOnly.FromDateTime(m) : null;
}
