using System.Net;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Workspace;

/// <summary>The whole loop as a new user meets it, on a server with no keys of its own.</summary>
public abstract class WorkspaceLoopTests(SocratesApp app) : WorkspaceTestBase(app)
{
    [Fact]
    public async Task From_a_first_builtin_question_without_a_key_to_accepted_proposals_and_an_export_with_the_clarifications()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "claude", "claude-sonnet-4-5", out var id);

        // No key: a built-in question with options, about the first of the weakest categories.
        var first = await Next(null);
        Assert.Equal(("builtin", "goals", "primary_goal"), (first.GetProperty("source").GetString(), first.GetProperty("category").GetString(), first.GetProperty("key").GetString()));
        Assert.InRange(first.GetProperty("options").GetArrayLength(), 2, 5);
        Assert.Contains("API key", first.GetProperty("warnings")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        var conversationId = first.GetProperty("conversation_id").GetGuid();

        // Asked again before it is answered, it is the same question (one at a time).
        Assert.Equal(first.GetProperty("message_id").GetGuid(), (await Next(conversationId)).GetProperty("message_id").GetGuid());

        // Picking an option stores the specification with no model call.
        var picked = await Answer(first.GetProperty("message_id").GetGuid(), new { option = 2 });
        Assert.Equal(("goals", "primary_goal", "Help a team share and track information in one place", 1.0, "user"),
            (picked.GetProperty("specification").GetProperty("category").GetString(), picked.GetProperty("specification").GetProperty("key").GetString(),
             picked.GetProperty("specification").GetProperty("value").GetString(), picked.GetProperty("specification").GetProperty("confidence").GetDouble(),
             picked.GetProperty("specification").GetProperty("source").GetString()));
        Assert.Equal((0, 9), (picked.GetProperty("maturity_before").GetInt32(), picked.GetProperty("maturity_after").GetInt32()));
        Assert.Empty(Fakes.For(id));
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/questions/{first.GetProperty("message_id").GetGuid()}/answer", new { option = 0 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        // With a key, the model writes the next question, about the next weakest category.
        await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "claude", api_key = "sk-ant-user-key-0001" })).ExpectAsync(HttpStatusCode.Created);
        var second = await Next(conversationId);
        Assert.Equal(("model", "users", "authentication", 1), (second.GetProperty("source").GetString(), second.GetProperty("category").GetString(),
            second.GetProperty("key").GetString(), second.GetProperty("recommended").GetInt32()));
        Assert.Equal(["Email and password", "Single sign-on"], Strings(second.GetProperty("options"), "label"));
        Assert.Contains("users", Fakes.For(id).Single().Body.ToJsonString(), StringComparison.Ordinal);

        // A free answer goes through the conversation and comes back with proposals; accepting two raises maturity.
        var free = await Answer(second.GetProperty("message_id").GetGuid(), new { text = "Small teams, and they all use the browser." });
        var proposals = free.GetProperty("proposals");
        Assert.Equal(3, proposals.GetArrayLength());
        foreach (var proposal in proposals.EnumerateArray().Take(2))
        {
            await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/proposals/{proposal.GetProperty("id").GetGuid()}/accept", new { }))
                .ExpectAsync(HttpStatusCode.OK);
        }

        // goals 1.0 + users 0.9 + architecture 0.8 over 11 core categories: 24.5, rounded to 25.
        var project = await GetAsync(user.Client, $"/api/v1/projects/{projectId}");
        Assert.Equal(25, project.GetProperty("maturity_score").GetInt32());

        var markdown = await (await user.Client.GetAsync($"/api/v1/projects/{projectId}/export/markdown")).Content.ReadAsStringAsync();
        Assert.Contains("## Clarifications", markdown, StringComparison.Ordinal);
        Assert.Contains("What should the software mainly achieve?", markdown, StringComparison.Ordinal);
        Assert.Contains("Share information in a team", markdown, StringComparison.Ordinal);
        Assert.Contains("How should people sign in?", markdown, StringComparison.Ordinal);
        Assert.Contains("Small teams, and they all use the browser.", markdown, StringComparison.Ordinal);

        async Task<System.Text.Json.JsonElement> Next(Guid? conversation) =>
            await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/questions/next", new { conversation_id = conversation })).ExpectAsync(HttpStatusCode.OK);

        async Task<System.Text.Json.JsonElement> Answer(Guid messageId, object body) =>
            await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/questions/{messageId}/answer", body)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_conversation_asks_at_most_five_questions_and_an_answer_must_be_one_of_the_options()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "claude", "claude-sonnet-4-5", out _);
        Guid? conversationId = null;
        for (var i = 0; i < 5; i++)
        {
            var question = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/questions/next", new { conversation_id = conversationId }))
                .ExpectAsync(HttpStatusCode.OK);
            conversationId = question.GetProperty("conversation_id").GetGuid();
            var messageId = question.GetProperty("message_id").GetGuid();
            var url = $"/api/v1/projects/{projectId}/questions/{messageId}/answer";
            var options = question.GetProperty("options").GetArrayLength();
            var bad = await (await user.Client.PostJsonAsync(url, new { option = options + 3 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(bad.GetProperty("errors").TryGetProperty("option", out _));
            await (await user.Client.PostJsonAsync(url, new { option = 0, text = "both" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
            await (await user.Client.PostJsonAsync(url, new { option = 0 })).ExpectAsync(HttpStatusCode.OK);
        }

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/questions/next", new { conversation_id = conversationId }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/questions/next", new { conversation_id = Guid.NewGuid() }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class WorkspaceLoopOnSqlite(SqliteApp<KeylessSetup> app) : WorkspaceLoopTests(app), IClassFixture<SqliteApp<KeylessSetup>>;

public sealed class WorkspaceLoopOnPostgres(PostgresApp<KeylessSetup> app) : WorkspaceLoopTests(app), IClassFixture<PostgresApp<KeylessSetup>>;
