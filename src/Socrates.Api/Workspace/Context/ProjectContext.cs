using Microsoft.Extensions.AI;
using Socrates.Api.Projects;

namespace Socrates.Api.Workspace.Context;

/// <summary>What a context left out to fit the model's window: whole specifications, documents and earlier messages.</summary>
public sealed record ContextOmissions(int Specifications, int Documents, int Messages)
{
    public bool Any => Specifications + Documents + Messages > 0;
}

/// <summary>
/// The messages a workspace call sends (system prompt, kept history, latest message), their size in tokens, and the
/// project's specifications as the prompt was built from them.
/// </summary>
public sealed record ProjectContext(IList<ChatMessage> Messages, long InputTokens, ContextOmissions Omitted, ContextSpecifications Specifications);

/// <summary>One earlier message as the context builder sees it.</summary>
public sealed record HistoryMessage(string Role, string Text);

/// <param name="Task">What the model is asked to do, and the shape of its answer; it opens the system prompt.</param>
/// <param name="History">The conversation's earlier messages, oldest first.</param>
/// <param name="Latest">The message being answered (null when the call asks a question of its own); never dropped.</param>
/// <param name="Focus">What relevance is measured against when ranking documents; the latest message by default.</param>
/// <param name="Project">The project's row when the caller has just read it (saving the builder a round trip); read here otherwise.</param>
public sealed record ContextRequest(
    Guid ProjectId, string Task, IReadOnlyList<HistoryMessage> History, string? Latest, string Provider, string Model, int ContextWindow, int ReplyTokens,
    string? Focus = null, Project? Project = null);
