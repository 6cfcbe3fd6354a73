using Socrates.Api.Http;
using Socrates.Api.Web.Usage;

namespace Socrates.Api.Tests.Web.Usage;

public sealed class UsageRangePresetTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 23, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "2026-03-03", "2026-03-09")]
    [InlineData("today", "2026-03-09", "2026-03-09")]
    [InlineData("7-days", "2026-03-03", "2026-03-09")]
    [InlineData("this-month", "2026-03-01", "2026-03-09")]
    [InlineData("last-month", "2026-02-01", "2026-02-28")]
    public void Presets_are_whole_utc_days_ending_today_or_last_month(string? preset, string first, string last)
    {
        var validation = new Validator();

        var range = UsageRange.Of(preset, "2020-01-01", "2020-01-02", Now, validation);

        Assert.True(validation.IsValid);
        Assert.Equal((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)), (range!.First, range.Last));
        Assert.Equal(range.First.ToDateTime(TimeOnly.MinValue), range.From.UtcDateTime);
        Assert.Equal(range.Last.AddDays(1).ToDateTime(TimeOnly.MinValue), range.To.UtcDateTime);
        Assert.Equal(range.Last.DayNumber - range.First.DayNumber + 1, range.Days.Count());
    }

    [Fact]
    public void A_custom_range_includes_both_days()
    {
        var range = UsageRange.Of("custom", "2025-12-30", "2026-01-02", Now, new Validator());

        Assert.Equal(["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"], range!.Days.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("weekly", null, null, "range", "must be one of")]
    [InlineData("custom", null, "2026-01-02", "from", "is required")]
    [InlineData("custom", "2026-01-02", "tomorrow", "to", "yyyy-MM-dd")]
    [InlineData("custom", "2026-01-03", "2026-01-02", "from", "is after")]
    [InlineData("custom", "2024-01-01", "2026-01-02", "from", "at most 366 days")]
    public void A_bad_range_names_the_field_it_is_wrong_in(string preset, string? from, string? to, string field, string message)
    {
        var validation = new Validator();

        Assert.Null(UsageRange.Of(preset, from, to, Now, validation));
        Assert.Contains(message, Assert.Single(validation.Errors[field]), StringComparison.Ordinal);
    }
}
