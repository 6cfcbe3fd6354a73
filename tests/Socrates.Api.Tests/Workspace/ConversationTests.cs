using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;
using Socrates.Api.Tests.Llm.Providers.Fakes;
using Socrates.Api.Workspace.Conversations;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Tests.Workspace;

public abstract class ConversationTests(SocratesApp app) : WorkspaceTestBase(app)
{
    private const string Reply = "Thanks \u2014 a web app for small \"teams\" it is.\nHow will people sign in?";

    [Theory]
    [InlineData("claude", "claude-sonnet-4-5")]
    [InlineData("openai", "gpt-5-mini")]
    [InlineData("local", "llama3.1:8b")]
    public async Task A_turn_sends_the_project_and_the_earlier_messages_and_keeps_both_messages_with_pending_proposals(string provider, string model)
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, provider, model, out var id);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications",
            new { category = "goals", key = "purpose", value = "Track the todos of the team in one place", confidence = 0.9 })).ExpectAsync(HttpStatusCode.Created);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents",
            new { title = "Interview with the ops lead", content = "They want due dates." })).ExpectAsync(HttpStatusCode.Created);
        var conversationId = await ConversationAsync(user.Client, projectId, "Kick-off");

        var first = await SendAsync(user.Client, projectId, conversationId, "We are five people who share chores.");
        var second = await SendAsync(user.Client, projectId, conversationId, "It should run in the browser.");

        Assert.Equal(Reply, second.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(["primary_users", "clients", "language"], Strings(second.GetProperty("proposals"), "key"));
        Assert.Equal(["users", "architecture", "tech_stack"], Strings(second.GetProperty("proposals"), "category"));
        Assert.All(second.GetProperty("proposals").EnumerateArray(), p => Assert.Equal("pending", p.GetProperty("status").GetString()));
        Assert.Contains(second.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("Proposal 4 was dropped", StringComparison.Ordinal));

        // The second request carried the project, its specification and document, and the first exchange.
        var sent = Fakes.For(id).Last().Body.ToJsonString();
        Assert.Contains("Team todos", sent, StringComparison.Ordinal);
        Assert.Contains("Track the todos of the team in one place", sent, StringComparison.Ordinal);
        Assert.Contains("Interview with the ops lead", sent, StringComparison.Ordinal);
        Assert.Contains("We are five people who share chores.", sent, StringComparison.Ordinal);
        Assert.Contains("How will people sign in?", sent, StringComparison.Ordinal);
        Assert.Contains("It should run in the browser.", sent, StringComparison.Ordinal);

        var conversation = await GetAsync(user.Client, $"/api/v1/projects/{projectId}/conversations/{conversationId}");
        var messages = conversation.GetProperty("messages");
        Assert.Equal(["user", "assistant", "user", "assistant"], Strings(messages, "role"));
        Assert.Equal(first.GetProperty("user_message_id").GetGuid(), messages[0].GetProperty("id").GetGuid());
        var answer = messages[3];
        Assert.Equal((provider, model), (answer.GetProperty("provider").GetString(), answer.GetProperty("model").GetString()));
        Assert.True(answer.GetProperty("tokens").GetInt64() > 0);
        Assert.Equal(3, answer.GetProperty("proposals").GetArrayLength());

        // Each call's usage row names the conversation.
        var rows = await UsageRowsAsync(user.Id);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(conversationId, r.ConversationId));
        Assert.Equal(rows[1].CostNanos is null, answer.GetProperty("cost_usd").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_json_asked_for_is_kept_as_the_reply_with_a_warning_and_no_proposals()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var conversationId = await ConversationAsync(user.Client, projectId);

        var turn = await SendAsync(user.Client, projectId, conversationId, "Hello there");

        Assert.Equal(FakeScenarios.Reply, turn.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(0, turn.GetProperty("proposals").GetArrayLength());
        Assert.Equal(ModelReply.NotJsonWarning, Assert.Single(turn.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_streamed_turn_shows_the_reply_text_and_stores_the_same_message_as_a_plain_turn()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        var plain = await SendAsync(user.Client, projectId, conversationId, "Plain first.");

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync(
            $"/api/v1/projects/{projectId}/conversations/{conversationId}/messages", new { content = "Now streamed.", stream = true }));

        Assert.Equal(Reply, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        Assert.Equal(["message", "usage"], events.Where(e => e.Event != "delta").Select(e => e.Event).ToArray());
        var streamed = events.Single(e => e.Event == "message").Data;
        Assert.Equal(plain.GetProperty("message").GetProperty("content").GetString(), streamed.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(Strings(plain.GetProperty("proposals"), "value"), Strings(streamed.GetProperty("proposals"), "value"));

        var stored = (await GetAsync(user.Client, $"/api/v1/projects/{projectId}/conversations/{conversationId}")).GetProperty("messages")[3];
        Assert.Equal(streamed.GetProperty("message").GetProperty("id").GetGuid(), stored.GetProperty("id").GetGuid());
        Assert.Equal(Reply, stored.GetProperty("content").GetString());
        Assert.Equal(3, stored.GetProperty("proposals").GetArrayLength());
    }

    [Fact]
    public async Task A_failed_call_keeps_the_users_message_stores_no_reply_and_says_so()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var conversationId = await ConversationAsync(user.Client, projectId);

        var problem = await SendAsync(user.Client, projectId, conversationId, "Please answer. scenario=fail-all", HttpStatusCode.BadGateway);

        var kept = problem.GetProperty("user_message_id").GetGuid();
        Assert.Contains($"Your message was kept (id {kept}); no reply was stored.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var messages = (await GetAsync(user.Client, $"/api/v1/projects/{projectId}/conversations/{conversationId}")).GetProperty("messages");
        var only = Assert.Single(messages.EnumerateArray());
        Assert.Equal((kept, "user"), (only.GetProperty("id").GetGuid(), only.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_turn_on_a_warm_server_reads_once_and_writes_the_users_message_then_the_reply_with_its_proposals()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        await SendAsync(user.Client, projectId, conversationId, "We are five people who share chores.");

        using var commands = new DatabaseCommands();
        var turn = await SendAsync(user.Client, projectId, conversationId, "It should run in the browser.");

        Assert.Equal(3, turn.GetProperty("proposals").GetArrayLength());
        // Usage rows are journaled and written in batches, apart from the turn.
        var issued = commands.Mentioning(user.Id, projectId, conversationId)
            .Where(c => !c.Contains("llm_usage", StringComparison.OrdinalIgnoreCase)).ToList();
        static bool IsRead(string command) => command.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
        var reads = issued.Where(IsRead).ToList();
        // The conversation with its history and its project's row, whose revisions say whether the project's kept context
        // is current; the proposals are checked for conflicts against that context's specifications.
        Assert.True(reads.Count == 1, $"{reads.Count} reads:\n{string.Join("\n", reads)}");
        // The project's row is found by its key, not by numbering the rows of every project (a scan that grew with them).
        Assert.DoesNotContain("ROW_NUMBER", reads[0], StringComparison.OrdinalIgnoreCase);
        // Each write is one command, on both databases: the user's message with the conversation's time; the reply with
        // its three proposals and the conversation's time.
        // Every command counts, not each distinct text (Except would fold a write sent twice into one).
        var writes = issued.Where(c => !IsRead(c)).ToList();
        Assert.True(writes.Count == 2, $"{writes.Count} writes:\n{string.Join("\n", writes)}");
        Assert.Matches("INSERT INTO \"?proposals\"? ", writes[1]);
    }

    [Fact]
    public async Task Of_two_turns_that_read_the_conversation_at_once_the_second_is_refused_with_409_without_waiting_for_its_model_and_keeps_nothing()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        var project = (await App.Services.GetRequiredService<CallSettingsCache>().FindOwnedForCallAsync(projectId, user.Id, CancellationToken.None))!;
        await using var first = App.Services.CreateAsyncScope();
        await using var second = App.Services.CreateAsyncScope();
        var firstRead = (await first.ServiceProvider.GetRequiredService<ConversationStore>().OpenAsync(projectId, conversationId, CancellationToken.None))!;
        var secondRead = (await second.ServiceProvider.GetRequiredService<ConversationStore>().OpenAsync(projectId, conversationId, CancellationToken.None))!;
        var firstTurns = first.ServiceProvider.GetRequiredService<ConversationTurns>();
        var secondTurns = second.ServiceProvider.GetRequiredService<ConversationTurns>();

        var kept = await firstTurns.PrepareAsync(user.Id, project, firstRead, "Mine first.", null, CancellationToken.None);
        await firstTurns.CompleteAsync(kept, CancellationToken.None);
        // Its model would think for 90 s: the refused message must cancel the call it started, not wait for its answer.
        var late = await secondTurns.PrepareAsync(user.Id, project, secondRead, "Mine at the same moment. think=90000", null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => secondTurns.CompleteAsync(late, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal((int)HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(ConversationStore.BeingAnswered, refused.Detail);
        var messages = (await GetAsync(user.Client, $"/api/v1/projects/{projectId}/conversations/{conversationId}")).GetProperty("messages");
        Assert.Equal(["Mine first.", Reply], Strings(messages, "content"));
    }

    [Fact]
    public async Task The_users_message_is_kept_while_the_model_answers_and_stays_kept_when_the_caller_gives_up()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        var url = $"/api/v1/projects/{projectId}/conversations/{conversationId}";
        using var giveUp = new CancellationTokenSource();

        var sending = user.Client.PostAsJsonAsync($"{url}/messages", new { content = "A slow one. think=90000" }, giveUp.Token);
        await UntilTheMessageIsKeptAsync(user.Client, url, sending);

        Assert.False(sending.IsCompleted, "The model thinks for 90 s; the turn cannot have ended.");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        var messages = (await GetAsync(user.Client, url)).GetProperty("messages");
        Assert.Equal(["A slow one. think=90000"], Strings(messages, "content"));
    }

    [Fact]
    public async Task A_conversation_deleted_while_the_model_answers_gets_a_404_problem_for_the_reply_and_keeps_nothing()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        var url = $"/api/v1/projects/{projectId}/conversations/{conversationId}";

        var sending = user.Client.PostJsonAsync($"{url}/messages", new { content = "Take your time. think=1500" });
        await UntilTheMessageIsKeptAsync(user.Client, url, sending);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync(url)).StatusCode);
        using var response = await sending;
        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains($"Conversation {conversationId} was deleted while the message was being added", problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        await using var scope = App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<ConversationMessage>().AnyAsync(m => m.ConversationId == conversationId));
    }

    /// <summary>Polls the conversation until the turn's user message is kept; the turn, whose model thinks, must still be running.</summary>
    private static async Task UntilTheMessageIsKeptAsync(HttpClient client, string url, Task sending)
    {
        while ((await GetAsync(client, url)).GetProperty("messages").GetArrayLength() == 0)
        {
            Assert.False(sending.IsCompleted, "The model thinks; the turn cannot have ended before its message was kept.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_reply_whose_last_proposal_cannot_be_stored_leaves_no_reply_and_no_proposal()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);
        await using var scope = App.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ConversationStore>();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var open = (await store.OpenAsync(projectId, conversationId, CancellationToken.None))!;
        var reply = new ConversationMessage { Id = Guid.CreateVersion7(), Role = MessageRoles.Assistant, Content = "Half a reply" };
        Proposal Proposed(Guid project, string key) => new()
        {
            Id = Guid.CreateVersion7(), ProjectId = project, MessageId = reply.Id, Category = "goals", Key = key, Value = "v",
            Confidence = 0.5, Rationale = "", CreatedAt = store.Now,
        };
        // The last statement of the save breaks a foreign key, after the message and a good proposal were sent.
        db.AddRange(Proposed(projectId, "kept_if_half_written"), Proposed(Guid.NewGuid(), "no_such_project"));

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(open.Conversation, reply, CancellationToken.None));

        await using var check = App.Services.CreateAsyncScope();
        var fresh = check.ServiceProvider.GetRequiredService<SpecsDb>();
        Assert.False(await fresh.Set<ConversationMessage>().AnyAsync(m => m.ConversationId == conversationId));
        Assert.False(await fresh.Set<Proposal>().AnyAsync(p => p.ProjectId == projectId));
    }

    [Fact]
    public async Task Turns_sent_at_once_on_one_conversation_are_answered_or_refused_with_409_and_each_reply_follows_its_message()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "openai", "gpt-5-mini", out _);
        var conversationId = await ConversationAsync(user.Client, projectId);

        var sent = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var response = await user.Client.PostJsonAsync(
                $"/api/v1/projects/{projectId}/conversations/{conversationId}/messages", new { content = $"Message {i}" });
            return (response.StatusCode, Body: await response.ReadJsonAsync());
        }));

        Assert.All(sent, s => Assert.Contains(s.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var answered = sent.Where(s => s.StatusCode == HttpStatusCode.OK).Select(s => s.Body).ToList();
        Assert.NotEmpty(answered);
        var ids = (await GetAsync(user.Client, $"/api/v1/projects/{projectId}/conversations/{conversationId}")).GetProperty("messages")
            .EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(2 * answered.Count, ids.Count);
        Assert.All(answered, turn => Assert.Equal(
            turn.GetProperty("message").GetProperty("id").GetGuid(), ids[ids.IndexOf(turn.GetProperty("user_message_id").GetGuid()) + 1]));
    }

    [Fact]
    public async Task Conversations_are_listed_newest_first_and_deleting_one_removes_its_messages_and_proposals()
    {
        var user = await NewUserAsync();
        var projectId = await SocraticProjectAsync(user.Client, "claude", "claude-haiku-4-5", out _);
        var older = await ConversationAsync(user.Client, projectId, "Older");
        var newer = await ConversationAsync(user.Client, projectId);
        await SendAsync(user.Client, projectId, older, "Hello");

        var list = await GetAsync(user.Client, $"/api/v1/projects/{projectId}/conversations");
        Assert.Equal([newer, older], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal("New conversation", list.GetProperty("items")[0].GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/v1/projects/{projectId}/conversations/{older}")).StatusCode);
        await (await user.Client.DeleteAsync($"/api/v1/projects/{projectId}/conversations/{older}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.GetAsync($"/api/v1/projects/{projectId}/conversations/{older}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await using var scope = App.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<Proposal>().CountAsync(p => p.ProjectId == projectId));
    }

    [Fact]
    public async Task Bad_messages_are_refused_with_the_field_named()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var conversationId = await ConversationAsync(user.Client, projectId);

        var empty = await SendAsync(user.Client, projectId, conversationId, "", HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("content", out _));
        var blankTitle = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/conversations", new { title = " \u200B" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(blankTitle.GetProperty("errors").TryGetProperty("title", out _));
        await SendAsync(user.Client, projectId, Guid.NewGuid(), "Hello", HttpStatusCode.NotFound);
    }
}

public sealed class ConversationsOnSqlite(SqliteApp<LlmSetup> app) : ConversationTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class ConversationsOnPostgres(PostgresApp<LlmSetup> app) : ConversationTests(app), IClassFixture<PostgresApp<LlmSetup>>;
