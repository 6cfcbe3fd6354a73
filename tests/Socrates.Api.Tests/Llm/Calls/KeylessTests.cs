using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm.Calls;

/// <summary>A server with no system keys, a 2 s attempt timeout, and an OpenAI-compatible local server whose default model has no price.</summary>
public abstract class KeylessTests(SocratesApp app) : LlmTestBase(app)
{
    [Theory]
    [InlineData("claude", "claude-haiku-4-5")]
    [InlineData("openai", "gpt-5-nano")]
    [InlineData("groq", "llama-3.1-8b-instant")]
    public async Task Without_a_user_or_system_key_the_call_is_a_400_that_says_how_to_add_one(string provider, string model)
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, provider, model);

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("POST /api/v1/llm/api-keys", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(provider, problem.GetProperty("provider").GetString());
        Assert.Empty(Fakes.For(id));
        Assert.Empty(await UsageRowsAsync(user.Id));
    }

    [Fact]
    public async Task A_fallback_without_a_key_is_skipped_not_fatal()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm",
            new { provider = "local", model = "llama3.1:8b", fallbacks = new[] { new { provider = "claude", model = "claude-haiku-4-5" } } }))
            .ExpectAsync(HttpStatusCode.OK);

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("fail-all", out var id))))
            .ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal("local", problem.GetProperty("provider").GetString());
        // "local" here speaks the OpenAI wire protocol; the keyless claude fallback must never be called.
        Assert.Equal(["openai", "openai"], Fakes.For(id).Select(r => r.Provider));
    }

    [Fact]
    public async Task A_model_missing_from_the_catalogue_is_recorded_unpriced_not_free()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        // The project has no model of its own, so the configured default (an uncatalogued local model) answers,
        // through the OpenAI SDK pointed at an OpenAI-compatible server.
        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(FakeLlmSetup.UnpricedLocalModel, reply.GetProperty("model").GetString());
        Assert.Equal(FakeOpenAi.Prompt, reply.GetProperty("input_tokens").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reply.GetProperty("cost_usd").ValueKind);
        Assert.False(reply.GetProperty("priced").GetBoolean());
        Assert.Equal("openai", Assert.Single(Fakes.For(id)).Provider);
        Assert.Null(Assert.Single(await UsageRowsAsync(user.Id)).CostNanos);

        var totals = (await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("unpriced_calls").GetInt64());
        Assert.Equal(1, totals.GetProperty("calls").GetInt64());
        Assert.Equal(0m, totals.GetProperty("cost_usd").GetDecimal());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Under_a_budget_a_model_without_a_price_is_refused_before_anything_is_sent(bool projectBudget)
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 5m, project_id = projectBudget ? projectId : (Guid?)null }))
            .ExpectAsync(HttpStatusCode.OK);

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains($"'local/{FakeLlmSetup.UnpricedLocalModel}'", detail, StringComparison.Ordinal);
        Assert.Contains("set-llm", detail, StringComparison.Ordinal);
        Assert.Contains("Llm:Models", detail, StringComparison.Ordinal);
        Assert.Equal(FakeLlmSetup.UnpricedLocalModel, problem.GetProperty("model").GetString());
        Assert.Empty(Fakes.For(id));
        Assert.Empty(await UsageRowsAsync(user.Id));
    }

    [Fact]
    public async Task Under_a_budget_a_fallback_without_a_price_is_skipped()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        // set-llm accepts only catalogued models; a stored fallback loses its price when the catalogue drops it.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var fallbacks = ProjectLlm.Serialize([new ChatRoute("local", FakeLlmSetup.UnpricedLocalModel)]);
            await scope.ServiceProvider.GetRequiredService<SpecsDb>().Projects.Where(p => p.Id == projectId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LlmProvider, "local").SetProperty(p => p.LlmModel, "llama3.1:8b")
                    .SetProperty(p => p.LlmFallbacks, fallbacks));
        }

        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 5m })).ExpectAsync(HttpStatusCode.OK);

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("fail-all", out var id))))
            .ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal(["llama3.1:8b", "llama3.1:8b"], Fakes.For(id).Select(r => r.Body["model"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Under_a_budget_a_priced_model_still_answers()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 5m })).ExpectAsync(HttpStatusCode.OK);

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.True(reply.GetProperty("priced").GetBoolean());
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_is_a_504_after_each_attempt_timed_out()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("hang", out var id))))
            .ExpectProblemAsync(HttpStatusCode.GatewayTimeout);

        Assert.Equal("timeout", problem.GetProperty("error_kind").GetString());
        Assert.Contains("'local'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, Fakes.For(id).Count());
        Assert.Equal([UpstreamErrorKind.Timeout, UpstreamErrorKind.Timeout], (await UsageRowsAsync(user.Id)).Select(r => r.ErrorKind));
    }
}

public sealed class KeylessOnSqlite(SqliteApp<KeylessSetup> app) : KeylessTests(app), IClassFixture<SqliteApp<KeylessSetup>>;

public sealed class KeylessOnPostgres(PostgresApp<KeylessSetup> app) : KeylessTests(app), IClassFixture<PostgresApp<KeylessSetup>>;
