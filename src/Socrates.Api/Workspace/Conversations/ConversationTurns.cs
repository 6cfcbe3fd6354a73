using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Workspace.Context;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Workspace.Conversations;

/// <summary>A user's message placed in its conversation (not yet written), and the call that will answer it.</summary>
public sealed record PreparedTurn(Conversation Conversation, ConversationMessage UserMessage, PreparedWorkspaceCall Call);

/// <summary>
/// One turn of a conversation: the user's message is kept (it survives whatever happens next) while the model is
/// called with the project as its context, and the model's answer is stored as the assistant's message with the
/// pending proposals it made, in one transaction, once the user's message is in. A failure after the user's message
/// was kept says so and names it.
/// </summary>
public sealed class ConversationTurns(ConversationStore store, WorkspaceCalls calls, ChatRouter router)
{
    /// <summary>Places the user's message and prepares the call; the message is written once the call is on its way.</summary>
    /// <exception cref="ProblemException">
    /// The call cannot be made; the user's message is kept (see <see cref="Kept"/>). Or 409, nothing kept: another turn of
    /// the conversation, sent at the same moment, took this one's place.
    /// </exception>
    public async Task<PreparedTurn> PrepareAsync(Guid userId, ProjectForCall project, OpenConversation conversation, string content, Guid? answersId, CancellationToken ct)
    {
        var userMessage = new ConversationMessage { Role = MessageRoles.User, Content = content.ReplaceLineEndings("\n"), AnswersId = answersId };
        store.PlaceTurnMessage(conversation, userMessage);
        try
        {
            var call = await calls.PrepareAsync(userId, project, conversation.Conversation.Id, WorkspacePrompts.Conversation, WorkspacePrompts.ReplyFormat,
                conversation.History, userMessage.Content, null, conversation.Project, ct);
            return new PreparedTurn(conversation.Conversation, userMessage, call);
        }
        catch (ProblemException e)
        {
            await store.KeepTurnMessageAsync(conversation.Conversation, userMessage, ct);
            throw Kept(e, userMessage);
        }
    }

    /// <summary>
    /// Calls the model, and writes the user's message while it answers. A message refused its place (409) cancels the
    /// call: a turn that raced another on the same conversation may pay for the start of a call, where writing the
    /// message first would make every turn wait for that write. The write starts once the call is on its way: started
    /// before it, handing the write to another thread cost the turn's own time 0.14 ms on two cores (the woken thread
    /// took the core).
    /// </summary>
    /// <returns>The stored turn, and the time spent waiting on providers (for Server-Timing).</returns>
    public async Task<(TurnResponse Turn, TimeSpan ProviderTime)> CompleteAsync(PreparedTurn turn, CancellationToken ct)
    {
        using var refused = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var answering = router.CompleteAsync(turn.Call.Call, refused.Token);
        try
        {
            await store.KeepTurnMessageAsync(turn.Conversation, turn.UserMessage, ct);
        }
        catch
        {
            await refused.CancelAsync();
            await ((Task)answering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        ChatResult result;
        try
        {
            result = await answering;
        }
        catch (ProblemException e)
        {
            throw Kept(e, turn.UserMessage);
        }

        return (await StoreReplyAsync(turn, result.Text, result.Target, result.Tokens, result.CostNanos), result.ProviderTime);
    }

    /// <summary>A stream starts once the user's message is in, as its first delta may reach the caller at once.</summary>
    public async Task<ChatStreaming> StartStreamAsync(PreparedTurn turn, CancellationToken ct)
    {
        await store.KeepTurnMessageAsync(turn.Conversation, turn.UserMessage, ct);
        try
        {
            return await router.StartStreamAsync(turn.Call.Call, ct);
        }
        catch (ProblemException e)
        {
            throw Kept(e, turn.UserMessage);
        }
    }

    /// <summary>
    /// Stores the model's answer as the assistant's message with its proposals. The provider has been paid, so this
    /// runs to the end even when the caller has gone away.
    /// </summary>
    public async Task<TurnResponse> StoreReplyAsync(PreparedTurn turn, string text, ChatTarget target, TokenCounts tokens, long? cost)
    {
        var reply = ModelReply.Parse(text);
        var message = new ConversationMessage
        {
            Id = Guid.CreateVersion7(),
            Role = MessageRoles.Assistant,
            Content = reply.Reply,
            Provider = target.Provider,
            Model = target.Model,
            InputTokens = tokens.Input,
            OutputTokens = tokens.Output,
            CostNanos = cost,
        };
        var projectId = turn.Conversation.ProjectId;
        var proposals = reply.Proposals.Select(p => new Proposal
        {
            Id = Guid.CreateVersion7(),
            ProjectId = projectId,
            MessageId = message.Id,
            Category = p.Category,
            Key = p.Key,
            Value = p.Value,
            Confidence = p.Confidence,
            Rationale = p.Rationale,
            CreatedAt = store.Now,
        }).ToList();
        await store.AppendReplyAsync(turn.Conversation, message, proposals, turn.UserMessage.Seq + 1);

        var views = ProposalViews.View(proposals, turn.Call.Context.Specifications.ByKey);
        return new TurnResponse(turn.Conversation.Id, turn.UserMessage.Id, MessageResponse.From(message, views), views, reply.Warnings,
            turn.Call.Context.Omitted, ChatUsage.From(target, tokens, cost));
    }

    /// <summary>The failure as the caller gets it, saying that their message was kept and no reply stored.</summary>
    public static ProblemException Kept(ProblemException e, ConversationMessage userMessage) => new(
        e.Status, e.Title, $"{e.Detail} Your message was kept (id {userMessage.Id}); no reply was stored.",
        new Dictionary<string, object?>(e.Extensions) { ["user_message_id"] = userMessage.Id }, e);
}
