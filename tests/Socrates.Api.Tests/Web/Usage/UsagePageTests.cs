using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Usage;

/// <summary>The usage page's charts, totals, CSV and budgets, for a call made through the fake providers.</summary>
public abstract class UsagePageTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task A_call_shows_on_the_charts_and_in_the_csv_and_a_budget_shows_what_is_left()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync("Chart project");
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "claude", model = "claude-sonnet-4-5" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", new { messages = new[] { new { role = "user", content = "Hello" } } }))
            .ExpectAsync(HttpStatusCode.OK);

        await using var web = await WebPage.OpenAsync(App);
        await SignInAsync(web, user);
        await web.GoAsync("/usage");

        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Assertions.Expect(web.Page.Locator("#total-calls")).ToHaveTextAsync("1 (0 failed)");
        await Assertions.Expect(web.Page.Locator($"#cost-by-day g.chart-bar[data-label='{today}'] rect[data-series='claude']")).ToHaveCountAsync(1);
        await Assertions.Expect(web.Page.Locator("#tokens-by-model g.chart-bar[data-label='claude/claude-sonnet-4-5'] rect")).ToHaveCountAsync(2);
        await Assertions.Expect(web.Page.Locator("#cost-by-project g.chart-bar[data-label='Chart project'] rect")).ToHaveCountAsync(1);
        await Assertions.Expect(web.Page.Locator("#unpriced-notice")).ToHaveCountAsync(0);
        await web.CheckAsync("usage");

        var download = await web.Page.RunAndWaitForDownloadAsync(() =>
            web.Page.GetByRole(AriaRole.Link, new() { Name = "Download the daily rows (CSV)" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).ToList();
        Assert.Equal("day,provider,calls,failed_calls,input_tokens,output_tokens,total_tokens,cost_usd,unpriced_calls", lines[0]);
        Assert.StartsWith($"{today},claude,1,0,", Assert.Single(lines.Skip(1)), StringComparison.Ordinal);

        await web.Field("Monthly limit (US dollars)").FillAsync("-1");
        await web.Button("Set budget").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#monthly_limit_usd-error")).ToContainTextAsync("between 0 and");

        await web.Field("Applies to").SelectOptionAsync(new SelectOptionValue { Label = "Chart project" });
        await web.Field("Monthly limit (US dollars)").FillAsync("5");
        await web.Button("Set budget").ClickAsync();
        var budget = web.Page.Locator($"#budget-{projectId}");
        await Assertions.Expect(budget).ToContainTextAsync("of $5.00 spent");
        await Assertions.Expect(budget).ToContainTextAsync("left");
        await Assertions.Expect(budget.Locator("meter")).ToHaveCountAsync(1);
        await web.CheckAsync("usage-budget");
    }

    [Fact]
    public async Task An_empty_range_says_so_and_a_reversed_custom_range_is_explained_next_to_from()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.GoAsync("/usage?range=last-month");
        await Assertions.Expect(web.Page.Locator("#cost-by-day-empty")).ToBeVisibleAsync();
        await Assertions.Expect(web.Page.Locator("#no-budgets")).ToBeVisibleAsync();
        await web.CheckAsync("usage-empty");

        await web.Field("Range").SelectOptionAsync("custom");
        await web.Field("From (custom)").FillAsync("2026-03-10");
        await web.Field("To (custom)").FillAsync("2026-03-01");
        await web.Button("Show").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#from-error")).ToContainTextAsync("is after the last day");
        await Assertions.Expect(web.Field("From (custom)")).ToHaveAttributeAsync("aria-invalid", "true");

        var csv = await web.Page.APIRequest.GetAsync(new Uri(web.Root, "/usage/usage.csv?range=custom&from=2026-03-10&to=2026-03-01").ToString());
        Assert.Equal((int)HttpStatusCode.BadRequest, csv.Status);
    }

    private static async Task SignInAsync(WebPage web, UserSession user)
    {
        await web.GoAsync("/account/sign-in");
        await web.Field("Email").FillAsync(user.Email);
        await web.Field("Password").FillAsync(user.Password);
        await web.Button("Sign in").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/projects$"));
    }
}

public sealed class UsagePageOnSqlite(SqliteApp<BrowserSetup> app) : UsagePageTests(app), IClassFixture<SqliteApp<BrowserSetup>>;

public sealed class UsagePageOnPostgres(PostgresApp<BrowserSetup> app) : UsagePageTests(app), IClassFixture<PostgresApp<BrowserSetup>>;
