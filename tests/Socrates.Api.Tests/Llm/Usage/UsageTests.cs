using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm;

public abstract class UsageAndBudgetTests(SocratesApp app) : LlmTestBase(app)
{
    private static JsonElement Entry(JsonElement report, string breakdown, string key) =>
        report.GetProperty(breakdown).EnumerateArray().Single(e => e.GetProperty("key").GetString() == key).GetProperty("totals");

    [Fact]
    public async Task Usage_totals_and_breakdowns_come_from_every_attempt()
    {
        var user = await NewUserAsync();
        var a = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var b = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var c = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");
        var failing = await ProjectUsingAsync(user.Client, "claude", "claude-haiku-4-5");

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{a}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{a}/chat", Chat(Say(null, out _), stream: true)));
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{b}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{c}/chat", Chat(Say(null, out _), stream: true)));
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{failing}/chat", Chat(Say("fail-all", out _)))).ExpectProblemAsync(HttpStatusCode.BadGateway);

        var report = await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);
        var totals = report.GetProperty("totals");
        Assert.Equal(6, totals.GetProperty("calls").GetInt64());
        Assert.Equal(2, totals.GetProperty("failed_calls").GetInt64());
        Assert.Equal(0, totals.GetProperty("unpriced_calls").GetInt64());
        var input = (2 * ClaudeInputTotal) + FakeProviders.OpenAiPrompt + FakeProviders.OllamaPrompt;
        var output = (2 * FakeProviders.ClaudeOutput) + FakeProviders.OpenAiCompletion + FakeProviders.OllamaEval;
        Assert.Equal(input, totals.GetProperty("input_tokens").GetInt64());
        Assert.Equal(output, totals.GetProperty("output_tokens").GetInt64());
        Assert.Equal(input + output, totals.GetProperty("total_tokens").GetInt64());
        Assert.Equal((2 * FakeProviders.ClaudeCacheRead) + FakeProviders.OpenAiCached, totals.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal((2 * ClaudeSonnetCost) + GptMiniCost, totals.GetProperty("cost_usd").GetDecimal());

        Assert.Equal(["claude", "local", "openai"], report.GetProperty("by_provider").EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal(4, Entry(report, "by_provider", "claude").GetProperty("calls").GetInt64());
        Assert.Equal(2 * ClaudeSonnetCost, Entry(report, "by_provider", "claude").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2, Entry(report, "by_model", "claude/claude-haiku-4-5").GetProperty("failed_calls").GetInt64());
        Assert.Equal(GptMiniCost, Entry(report, "by_model", "openai/gpt-5-mini").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2, Entry(report, "by_project", a.ToString()).GetProperty("calls").GetInt64());
        Assert.Equal(FakeProviders.OllamaEval, Entry(report, "by_project", c.ToString()).GetProperty("output_tokens").GetInt64());
        var day = Assert.Single(report.GetProperty("by_day").EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.GetProperty("key").GetString());
        Assert.Equal(6, day.GetProperty("totals").GetProperty("calls").GetInt64());

        var onlyB = (await (await user.Client.GetAsync($"/api/v1/llm/usage?project_id={b}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal((1, GptMiniCost), (onlyB.GetProperty("calls").GetInt64(), onlyB.GetProperty("cost_usd").GetDecimal()));

        var tomorrow = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var future = (await (await user.Client.GetAsync($"/api/v1/llm/usage?from={tomorrow}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(0, future.GetProperty("calls").GetInt64());
        var hourAgo = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var window = (await (await user.Client.GetAsync($"/api/v1/llm/usage?from={hourAgo}&to={tomorrow}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(6, window.GetProperty("calls").GetInt64());

        // Whole days are answered from the daily rollup, other ranges from the rows: both must agree.
        var today = DateTime.UtcNow.Date;
        var days = await (await user.Client.GetAsync($"/api/v1/llm/usage?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(window.ToString(), days.GetProperty("totals").ToString());
        Assert.Equal(totals.ToString(), window.ToString());
        var yesterday = await (await user.Client.GetAsync($"/api/v1/llm/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, yesterday.GetProperty("totals").GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Usage_is_private_and_its_filters_are_checked()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);

        var theirs = (await (await other.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(0, theirs.GetProperty("calls").GetInt64());
        await (await other.Client.GetAsync($"/api/v1/llm/usage?project_id={projectId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.GetAsync("/api/v1/llm/usage?from=2026-02-01&to=2026-01-01")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_call_past_the_monthly_budget_is_a_402_with_the_limit_and_the_spend()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var budget = await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.0001m })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0m, budget.GetProperty("spent_this_month_usd").GetDecimal());

        // The first call starts under the limit; it costs more than the whole budget.
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var refused))))
            .ExpectProblemAsync(HttpStatusCode.PaymentRequired);

        Assert.Equal(0.0001m, problem.GetProperty("limit_usd").GetDecimal());
        Assert.Equal(ClaudeSonnetCost, problem.GetProperty("spent_usd").GetDecimal());
        Assert.Contains("0.0001", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Fakes.For(refused));
        Assert.Single(await UsageRowsAsync(user.Id));

        var listed = (await (await user.Client.GetAsync("/api/v1/llm/budget")).ExpectAsync(HttpStatusCode.OK)).GetProperty("items");
        Assert.Equal(ClaudeSonnetCost, Assert.Single(listed.EnumerateArray()).GetProperty("spent_this_month_usd").GetDecimal());

        // Raising the limit lets calls through again.
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 5m })).ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Concurrent_calls_cannot_all_pass_the_budget_check_before_any_spend_is_written()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.0001m })).ExpectAsync(HttpStatusCode.OK);

        // Each call costs more than the limit, so whatever the timing only the first to reserve may run.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        Assert.Single(await UsageRowsAsync(user.Id));

        // The call that ran settled: its hold row is gone and nothing stays reserved.
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var budget = await db.Set<LlmBudget>().AsNoTracking().SingleAsync(b => b.UserId == user.Id);
        Assert.Equal((0L, Pricing.Nanos(ClaudeSonnetCost)), (budget.ReservedNanos, budget.SpentNanos));
        Assert.False(await db.Set<LlmBudgetHold>().AnyAsync(h => h.BudgetId == budget.Id));
    }

    [Fact]
    public async Task A_project_budget_limits_only_that_project()
    {
        var user = await NewUserAsync();
        var limited = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var free = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var budget = await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.0001m, project_id = limited }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(limited, budget.GetProperty("project_id").GetGuid());

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{limited}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{limited}/chat", Chat(Say(null, out _))))
            .ExpectProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Equal(limited, problem.GetProperty("project_id").GetGuid());

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{free}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_budget_set_mid_month_counts_what_was_already_spent()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);

        var budget = await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.00005m })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(GptMiniCost, budget.GetProperty("spent_this_month_usd").GetDecimal());
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectProblemAsync(HttpStatusCode.PaymentRequired);
    }

    [Fact]
    public async Task Budget_requests_are_validated()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var theirs = await other.Client.CreateProjectAsync();

        var negative = await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = -1m })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(negative.GetProperty("errors").TryGetProperty("monthly_limit_usd", out _));
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { project_id = theirs })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 1m, project_id = theirs })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class UsageAndBudgetOnSqlite(LlmSqliteApp app) : UsageAndBudgetTests(app), IClassFixture<LlmSqliteApp>;

public sealed class UsageAndBudgetOnPostgres(LlmPostgresApp app) : UsageAndBudgetTests(app), IClassFixture<LlmPostgresApp>;
