using System.Globalization;
using Socrates.Api.Http;

namespace Socrates.Api.Web.Usage;

/// <summary>
/// The whole UTC days a usage page or download covers, from a preset (today, the last 7 days, this month, last month)
/// or a custom first and last day, both included.
/// </summary>
public sealed record UsageRange(string Preset, DateOnly First, DateOnly Last)
{
    public const string Today = "today";
    public const string Week = "7-days";
    public const string ThisMonth = "this-month";
    public const string LastMonth = "last-month";
    public const string Custom = "custom";

    /// <summary>More days than a chart with a bar per day can show legibly.</summary>
    public const int MaxDays = 366;

    public static readonly IReadOnlyList<(string Id, string Name)> Presets =
        [(Today, "Today"), (Week, "Last 7 days"), (ThisMonth, "This month"), (LastMonth, "Last month"), (Custom, "Custom")];

    public DateTimeOffset From => new(First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The end of the last day (exclusive), as the usage stats take it.</summary>
    public DateTimeOffset To => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public IEnumerable<DateOnly> Days => Enumerable.Range(0, Last.DayNumber - First.DayNumber + 1).Select(First.AddDays);

    public string Describe() => First == Last
        ? First.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
        : $"{First.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} to {Last.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>The range a query names (the last 7 days when it names none), or null with the problems in <paramref name="validation"/>.</summary>
    /// <param name="from">yyyy-MM-dd, for <see cref="Custom"/>.</param>
    public static UsageRange? Of(string? preset, string? from, string? to, DateTimeOffset now, Validator validation)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        switch (string.IsNullOrEmpty(preset) ? Week : preset)
        {
            case Today:
                return new(Today, today, today);
            case Week:
                return new(Week, today.AddDays(-6), today);
            case ThisMonth:
                return new(ThisMonth, month, today);
            case LastMonth:
                return new(LastMonth, month.AddMonths(-1), month.AddDays(-1));
            case Custom:
                break;
            default:
                validation.Add("range", $"'range' must be one of {string.Join(", ", Presets.Select(p => p.Id))} (got '{preset}').");
                return null;
        }

        var first = Day("from", from, validation);
        var last = Day("to", to, validation);
        if (first is not { } f || last is not { } l)
        {
            return null;
        }

        if (f > l)
        {
            validation.Add("from", $"The first day ({f:yyyy-MM-dd}) is after the last day ({l:yyyy-MM-dd}).");
            return null;
        }

        if (l.DayNumber - f.DayNumber >= MaxDays)
        {
            validation.Add("from", $"A range can cover at most {MaxDays} days (this one covers {l.DayNumber - f.DayNumber + 1}).");
            return null;
        }

        return new(Custom, f, l);
    }

    private static DateOnly? Day(string field, string? value, Validator validation)
    {
        if (string.IsNullOrEmpty(value))
        {
            validation.Add(field, $"'{field}' is required for a custom range (a day such as 2026-03-09).");
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            validation.Add(field, $"'{field}' must be a day written yyyy-MM-dd (got '{value}').");
            return null;
        }

        return day;
    }
}
