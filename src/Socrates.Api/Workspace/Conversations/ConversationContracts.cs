using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Workspace.Context;
using Socrates.Api.Workspace.Proposals;
using Socrates.Api.Workspace.Questions;

namespace Socrates.Api.Workspace.Conversations;

public sealed record CreateConversationRequest(string? Title) : IValidatable
{
    public const string DefaultTitle = "New conversation";

    public Validator Validate() => new Validator().NotBlank("title", Title, Conversation.MaxTitleLength);
}

public sealed record SendMessageRequest(string? Content, bool? Stream) : IValidatable
{
    public const int MaxContentLength = 100_000;

    public Validator Validate() => new Validator().Required("content", Content, MaxContentLength, TextKind.Multiline);
}

public sealed record ConversationSummary(Guid Id, Guid ProjectId, string Title, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ConversationSummary From(Conversation c) => new(c.Id, c.ProjectId, c.Title, c.CreatedAt, c.UpdatedAt);
}

/// <param name="Tokens">Input plus output tokens of the call that made the message; 0 for a message no model made.</param>
/// <param name="CostUsd">Null when no model was paid for it, or the model has no price.</param>
/// <param name="Question">The structured question, when the message is one.</param>
/// <param name="AnswersId">The question this message answers.</param>
public sealed record MessageResponse(
    Guid Id, string Role, string Content, DateTime CreatedAt, long Tokens, long InputTokens, long OutputTokens, decimal? CostUsd,
    string? Provider, string? Model, StoredQuestion? Question, Guid? AnswersId, IReadOnlyList<ProposalResponse> Proposals)
{
    public static MessageResponse From(ConversationMessage m, IReadOnlyList<ProposalResponse>? proposals = null) => new(
        m.Id, m.Role, m.Content, m.CreatedAt, m.InputTokens + m.OutputTokens, m.InputTokens, m.OutputTokens, Pricing.Dollars(m.CostNanos),
        m.Provider, m.Model, m.Question is null ? null : StoredQuestion.FromJson(m.Question), m.AnswersId, proposals ?? []);
}

public sealed record ConversationResponse(Guid Id, Guid ProjectId, string Title, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<MessageResponse> Messages);

/// <summary>
/// A conversation turn's answer: the stored assistant message with its proposals, what the context left out, and
/// warnings (an answer that was not the expected JSON, proposals dropped).
/// </summary>
public sealed record TurnResponse(
    Guid ConversationId, Guid UserMessageId, MessageResponse Message, IReadOnlyList<ProposalResponse> Proposals, IReadOnlyList<string> Warnings,
    ContextOmissions Omitted, ChatUsage Usage);

/// <summary>A streamed turn's failure: the user's message is kept (<paramref name="UserMessageId"/>), no reply stored.</summary>
public sealed record TurnStreamError(int Status, string Title, string Detail, string? Provider, string? ErrorKind, Guid UserMessageId);
