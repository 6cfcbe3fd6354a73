using Bunit;
using Socrates.Api.Web.Usage;

namespace Socrates.Api.Tests.Web.Usage;

public sealed class BarChartTests : IDisposable
{
    private readonly BunitContext _context = new();

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    [InlineData("7", "10")]
    [InlineData("10", "10")]
    [InlineData("11", "20")]
    [InlineData("130", "200")]
    [InlineData("0.0037", "0.005")]
    [InlineData("0.00012", "0.0002")]
    public void The_axis_ends_at_one_two_or_five_times_a_power_of_ten_at_or_above_the_largest_bar(string largest, string end)
    {
        var bars = new ChartBars([new ChartBar("a", [decimal.Parse(largest, System.Globalization.CultureInfo.InvariantCulture)])], 400);

        Assert.Equal(decimal.Parse(end, System.Globalization.CultureInfo.InvariantCulture), bars.Max);
    }

    [Fact]
    public void Segments_are_laid_end_to_end_in_series_order_and_zero_values_draw_nothing()
    {
        var bars = new ChartBars([new ChartBar("a", [1m, 0m, 3m]), new ChartBar("b", [2m, 0m, 0m])], 500);

        Assert.Equal(5m, bars.Max);
        Assert.Equal([new ChartSegment(0, 0, 100), new ChartSegment(2, 100, 300)], bars.Segments(bars.Bars[0]));
        Assert.Equal([new ChartSegment(0, 0, 200)], bars.Segments(bars.Bars[1]));
        Assert.Equal([(0m, 0d), (2.5m, 250d), (5m, 500d)], bars.Ticks);
    }

    [Fact]
    public void The_chart_draws_a_rect_per_non_zero_value_scaled_to_the_axis_and_names_itself_for_screen_readers()
    {
        var chart = Render([new ChartBar("2026-03-09", [1m, 3m]), new ChartBar("2026-03-10", [0m, 2m])]);

        var svg = chart.Find("svg#cost");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("cost-title cost-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Cost per day", chart.Find("#cost-title").TextContent);
        Assert.Equal("Cost of each day.", chart.Find("#cost-desc").TextContent);

        // 640 wide, 170 for labels, 90 for totals: 380 for an axis that ends at 5.
        var rects = chart.FindAll("svg#cost g.chart-bar rect").Select(r => (r.GetAttribute("data-series"), r.GetAttribute("x"), r.GetAttribute("width"))).ToList();
        Assert.Equal([("claude", "170", "76"), ("openai", "246", "228"), ("openai", "170", "152")], rects);

        // The table alternative holds every value, zeros included, and the totals.
        var cells = chart.FindAll("details tbody tr").Select(r => string.Join('|', r.Children.Select(c => c.TextContent))).ToList();
        Assert.Equal(["2026-03-09|1|3|4", "2026-03-10|0|2|2"], cells);
    }

    [Fact]
    public void A_chart_with_nothing_to_draw_says_so_and_has_no_svg()
    {
        var chart = Render([new ChartBar("2026-03-09", [0m, 0m])]);

        Assert.Empty(chart.FindAll("svg#cost"));
        Assert.Equal("Nothing to draw.", chart.Find("#cost-empty").TextContent);
        Assert.Single(chart.FindAll("details tbody tr"));
    }

    [Fact]
    public void A_chart_without_bars_is_empty_too()
    {
        var chart = Render([]);

        Assert.Empty(chart.FindAll("svg"));
        Assert.Empty(chart.FindAll("details tbody tr"));
    }

    private IRenderedComponent<BarChart> Render(IReadOnlyList<ChartBar> bars) =>
        _context.Render<BarChart>(p => p
            .Add(c => c.Id, "cost")
            .Add(c => c.Title, "Cost per day")
            .Add(c => c.Description, "Cost of each day.")
            .Add(c => c.Series, ["claude", "openai"])
            .Add(c => c.Bars, bars)
            .Add(c => c.EmptyText, "Nothing to draw."));

    public void Dispose() => _context.Dispose();
}
