using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Budgets;

public abstract class BudgetTests(SocratesApp app) : LlmTestBase(app)
{
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

public sealed class BudgetOnSqlite(SqliteApp<LlmSetup> app) : BudgetTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class BudgetOnPostgres(PostgresApp<LlmSetup> app) : BudgetTests(app), IClassFixture<PostgresApp<LlmSetup>>;
