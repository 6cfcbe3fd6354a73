using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Calls;

/// <summary>
/// A chat reads its project, the caller's budgets and stored keys from memory once warm (the gateway overhead goal),
/// and every change made through the API still applies to the very next call.
/// </summary>
public abstract class CallSettingsCacheTests(SocratesApp app) : LlmTestBase(app)
{
    [Fact]
    public async Task A_warm_chat_reads_nothing_from_the_database_before_the_provider()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);

        using var commands = new DatabaseCommands();
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("usage", (await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _), stream: true))))[^1].Event);

        // Only the usage rows are written, in the background; nothing is read for the caller or the project.
        Assert.DoesNotContain(commands.Mentioning(user.Id).Concat(commands.Mentioning(projectId)),
            c => c.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3, (await UsageRowsAsync(user.Id)).Count);
    }

    [Fact]
    public async Task Keys_models_budgets_and_deletion_changed_through_the_api_apply_to_the_next_call()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var chat = $"/api/v1/projects/{projectId}/chat";
        await (await user.Client.PostJsonAsync(chat, Chat(Say(null, out var first)))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(FakeLlmSetup.ClaudeSystemKey, Assert.Single(Fakes.For(first)).ApiKey);

        var own = $"sk-ant-{Guid.NewGuid():N}";
        var key = await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "claude", api_key = own }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await user.Client.PostJsonAsync(chat, Chat(Say(null, out var withOwn)))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(own, Assert.Single(Fakes.For(withOwn)).ApiKey);

        await (await user.Client.DeleteAsync($"/api/v1/llm/api-keys/{key.GetProperty("id").GetGuid()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await user.Client.PostJsonAsync(chat, Chat(Say(null, out var afterDelete)))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(FakeLlmSetup.ClaudeSystemKey, Assert.Single(Fakes.For(afterDelete)).ApiKey);

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "openai", model = "gpt-5-mini" }))
            .ExpectAsync(HttpStatusCode.OK);
        var reply = await (await user.Client.PostJsonAsync(chat, Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("openai", "gpt-5-mini"), (reply.GetProperty("provider").GetString(), reply.GetProperty("model").GetString()));

        // This month's calls already cost more than the new limit.
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.0001m })).ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.PostJsonAsync(chat, Chat(Say(null, out _)))).ExpectProblemAsync(HttpStatusCode.PaymentRequired);

        await (await user.Client.DeleteAsync($"/api/v1/projects/{projectId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await user.Client.PostJsonAsync(chat, Chat(Say(null, out _)))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_warm_project_is_still_another_users_404()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync();
        var projectId = await ProjectUsingAsync(owner.Client, "claude", "claude-sonnet-4-5");
        await (await owner.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);

        await (await other.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id)))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(Fakes.For(id));
        Assert.Empty(await UsageRowsAsync(other.Id));
    }
}

public sealed class CallSettingsCacheOnSqlite(SqliteApp<LlmSetup> app) : CallSettingsCacheTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class CallSettingsCacheOnPostgres(PostgresApp<LlmSetup> app) : CallSettingsCacheTests(app), IClassFixture<PostgresApp<LlmSetup>>;
