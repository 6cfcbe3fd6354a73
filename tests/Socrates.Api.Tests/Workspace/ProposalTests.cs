using System.Net;
using System.Text.Json;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Workspace;

public abstract class ProposalTests(SocratesApp app) : WorkspaceTestBase(app)
{
    [Fact]
    public async Task Accepting_rejecting_and_conflicts_turn_proposals_into_specifications_with_history()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "claude", "claude-sonnet-4-5", out _);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications",
            new { category = "tech_stack", key = "language", value = "C#", confidence = 1.0 })).ExpectAsync(HttpStatusCode.Created);
        var conversationId = await ConversationAsync(user.Client, projectId);
        var turn = await SendAsync(user.Client, projectId, conversationId, "Five of us, in the browser.");
        var proposals = turn.GetProperty("proposals").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p);

        // The proposal for a key the project holds with another value shows both.
        var conflict = proposals["language"].GetProperty("conflict");
        Assert.Equal("C#", conflict.GetProperty("current_value").GetString());
        Assert.Equal(JsonValueKind.Null, proposals["clients"].GetProperty("conflict").ValueKind);
        var pending = await GetAsync(user.Client, $"/api/v1/projects/{projectId}/proposals?status=pending");
        Assert.Equal(3, pending.GetProperty("total_count").GetInt32());

        // Accepted as proposed: the model's value and confidence, source llm; maturity moves by 0.9 of one of 11 categories.
        var accepted = await Accept(proposals["primary_users"], null);
        Assert.Equal("Small teams of up to 20 people", accepted.GetProperty("specification").GetProperty("value").GetString());
        Assert.Equal(("llm", 0.9), (accepted.GetProperty("specification").GetProperty("source").GetString(),
            accepted.GetProperty("specification").GetProperty("confidence").GetDouble()));
        Assert.Equal(8, accepted.GetProperty("maturity_after").GetInt32() - accepted.GetProperty("maturity_before").GetInt32());

        // Accepting the conflict replaces the value and keeps the old one in the history.
        var replaced = await Accept(proposals["language"], null);
        var specId = replaced.GetProperty("specification").GetProperty("id").GetGuid();
        Assert.Equal("TypeScript", replaced.GetProperty("specification").GetProperty("value").GetString());
        var history = await GetAsync(user.Client, $"/api/v1/projects/{projectId}/specifications/{specId}/history");
        Assert.Equal("TypeScript", history.GetProperty("current").GetProperty("value").GetString());
        var previous = Assert.Single(history.GetProperty("previous").EnumerateArray());
        Assert.Equal(("C#", "user"), (previous.GetProperty("value").GetString(), previous.GetProperty("source").GetString()));

        var rejected = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/proposals/{Id(proposals["clients"])}/reject", null))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/proposals/{Id(proposals["clients"])}/accept", new { }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/proposals/{Guid.NewGuid()}/accept", new { }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var specs = await GetAsync(user.Client, $"/api/v1/projects/{projectId}/specifications?category=architecture");
        Assert.Equal(0, specs.GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await GetAsync(user.Client, $"/api/v1/projects/{projectId}/proposals?status=pending")).GetProperty("total_count").GetInt32());

        async Task<JsonElement> Accept(JsonElement proposal, object? body) =>
            await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/proposals/{Id(proposal)}/accept", body ?? new { }))
                .ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_edited_acceptance_is_the_users_own_specification_and_two_racing_accepts_give_one_409()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        var turn = await SendAsync(user.Client, projectId, conversationId, "Five of us.");
        var clients = Id(turn.GetProperty("proposals")[1]);

        var bad = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/proposals/{clients}/accept", new { confidence = 2 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("confidence", out _));

        var race = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/proposals/{clients}/accept", new { value = "A web app and a mobile app" })));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], race.Select(r => r.StatusCode).Order().ToArray());
        var spec = (await race.Single(r => r.IsSuccessStatusCode).ReadJsonAsync()).GetProperty("specification");
        Assert.Equal(("A web app and a mobile app", "user"), (spec.GetProperty("value").GetString(), spec.GetProperty("source").GetString()));

        var maturity = await GetAsync(user.Client, $"/api/v1/projects/{projectId}/maturity");
        var architecture = maturity.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "architecture");
        Assert.Equal(("clear", 80, 1), (architecture.GetProperty("status").GetString(), architecture.GetProperty("score").GetInt32(),
            architecture.GetProperty("specifications").GetInt32()));
        var users = maturity.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "users");
        Assert.Equal(("missing", 1), (users.GetProperty("status").GetString(), users.GetProperty("pending_proposals").GetInt32()));
    }

    private static Guid Id(JsonElement proposal) => proposal.GetProperty("id").GetGuid();
}

public sealed class ProposalsOnSqlite(SqliteApp<LlmSetup> app) : ProposalTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class ProposalsOnPostgres(PostgresApp<LlmSetup> app) : ProposalTests(app), IClassFixture<PostgresApp<LlmSetup>>;
