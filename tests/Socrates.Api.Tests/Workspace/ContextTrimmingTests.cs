using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Workspace.Context;
using Socrates.Api.Workspace.Conversations;

namespace Socrates.Api.Tests.Workspace;

/// <summary>The fakes with system keys, and an OpenAI model whose window is far too small for the projects these tests build.</summary>
public sealed class SmallWindowSetup() : FakeLlmSetup(systemKeys: true)
{
    public const string Model = "tiny-window";

    public override async Task StartAsync(SocratesApp app)
    {
        await base.StartAsync(app);
        app.Set("Llm:Models:0:Provider", "openai").Set("Llm:Models:0:Id", Model).Set("Llm:Models:0:DisplayName", "Tiny window")
            .Set("Llm:Models:0:ContextWindow", "1500").Set("Llm:Models:0:InputPerMtok", "1").Set("Llm:Models:0:OutputPerMtok", "1")
            .Set("Llm:Calls:DefaultMaxTokens", "200");
    }
}

public abstract class ContextTrimmingTests(SocratesApp app) : WorkspaceTestBase(app)
{
    [Fact]
    public async Task A_project_too_large_for_the_window_keeps_the_newest_messages_and_the_relevant_document()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", SmallWindowSetup.Model, out var id);
        var specs = Enumerable.Range(1, 200).Select(i => new { category = "notes", key = $"note_{i}", value = $"Remark number {i} about the colour of the buttons" });
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications/batch", new { specifications = specs })).ExpectAsync(HttpStatusCode.Created);
        var filler = string.Join(' ', Enumerable.Repeat("Meeting minutes about lunch menus and office plants.", 8));
        for (var i = 0; i < 8; i++)
        {
            await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = $"Minutes {i}", content = filler })).ExpectAsync(HttpStatusCode.Created);
        }

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents",
            new { title = "Rollout plan", content = "We deploy with Kubernetes: one cluster per region. " + filler })).ExpectAsync(HttpStatusCode.Created);
        var conversationId = await ConversationAsync(user.Client, projectId);
        await AddHistoryAsync(projectId, conversationId, 30);

        var turn = await SendAsync(user.Client, projectId, conversationId, "How do we deploy to the kubernetes clusters?");

        var sent = Fakes.For(id).Last().Body.ToJsonString();
        Assert.Contains("How do we deploy to the kubernetes clusters?", sent, StringComparison.Ordinal);
        Assert.Contains("Earlier message 30.", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier message 1.", sent, StringComparison.Ordinal);
        Assert.Contains("Rollout plan", sent, StringComparison.Ordinal);
        var omitted = turn.GetProperty("omitted");
        Assert.True(omitted.GetProperty("specifications").GetInt32() > 0, omitted.ToString());
        Assert.True(omitted.GetProperty("documents").GetInt32() > 0, omitted.ToString());
        Assert.True(omitted.GetProperty("messages").GetInt32() > 0, omitted.ToString());
        Assert.Contains("were left out", sent, StringComparison.Ordinal);

        // The count the window and the budget hold go by is the sum of each piece's count: it stays within the window,
        // and errs high, by at most a twentieth, against the whole prompt tokenized at once, trimmed or not.
        await using var scope = App.Services.CreateAsyncScope();
        var counter = scope.ServiceProvider.GetRequiredService<TokenCounter>();
        var history = (await scope.ServiceProvider.GetRequiredService<ConversationStore>().OpenAsync(projectId, conversationId, CancellationToken.None))!.History;
        foreach (var window in new[] { 1_500, 1_000_000 })
        {
            var context = await scope.ServiceProvider.GetRequiredService<ProjectContextBuilder>().BuildAsync(
                new ContextRequest(projectId, "Help.", history, "How do we deploy?", "openai", SmallWindowSetup.Model, window, 200), CancellationToken.None);
            var whole = counter.Count("openai", SmallWindowSetup.Model, context.Messages);
            Assert.InRange(context.InputTokens, whole, whole * 1.05);
            Assert.InRange(context.InputTokens, 1, window - 200);
            Assert.Equal(window == 1_500, context.Omitted.Any);
        }
    }

    private async Task AddHistoryAsync(Guid projectId, Guid conversationId, int count)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ConversationStore>();
        var conversation = (await store.FindAsync(projectId, conversationId, CancellationToken.None))!;
        for (var i = 1; i <= count; i++)
        {
            await store.AppendAsync(conversation, new ConversationMessage
            {
                Role = i % 2 == 1 ? MessageRoles.User : MessageRoles.Assistant,
                Content = $"Earlier message {i}. We talked about the weather and the office plants at some length.",
            }, CancellationToken.None);
        }

    }
}

public sealed class ContextTrimmingOnSqlite(SqliteApp<SmallWindowSetup> app) : ContextTrimmingTests(app), IClassFixture<SqliteApp<SmallWindowSetup>>;

public sealed class ContextTrimmingOnPostgres(PostgresApp<SmallWindowSetup> app) : ContextTrimmingTests(app), IClassFixture<PostgresApp<SmallWindowSetup>>;
