using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Projects;
using Socrates.Api.Workspace.Context;

namespace Socrates.Api.Workspace;

/// <summary>A workspace call ready to send: its context, and the router's prepared call (keys found, budget held).</summary>
public sealed record PreparedWorkspaceCall(ProjectContext Context, PreparedCall Call);

/// <summary>
/// Prepares every workspace call the same way: the project's context sized for the smallest context window among its
/// routes (a fallback must fit it too), counted with <see cref="TokenCounter"/>, and that count used for the budget hold.
/// </summary>
public sealed class WorkspaceCalls(
    ProjectContextBuilder contexts, ChatRouter router, ModelCatalogue catalogue, IOptionsMonitor<LlmOptions> llm, IOptionsMonitor<LlmCallOptions> calls)
{
    /// <summary>The window assumed for a model the catalogue does not list: small enough for any model in use today.</summary>
    public const int UnknownModelContextWindow = 8_192;

    public int ReplyTokens => calls.CurrentValue.DefaultMaxTokens;

    /// <param name="loaded">The project's row if the caller has just read it; the context builder reads it otherwise.</param>
    /// <exception cref="ProblemException">No usable model, a budget used up, or a message too long for the window.</exception>
    public async Task<PreparedWorkspaceCall> PrepareAsync(
        Guid userId, ProjectForCall project, Guid conversationId, string task, ChatResponseFormat format, IReadOnlyList<HistoryMessage> history,
        string? latest, string? focus, Project? loaded, CancellationToken ct)
    {
        var routes = ProjectLlm.Routes(project.Settings, llm.CurrentValue);
        var primary = routes[0];
        var window = routes.Min(r => catalogue.Find(r.Provider, r.Model)?.ContextWindow ?? UnknownModelContextWindow);
        var context = await contexts.BuildAsync(
            new ContextRequest(project.Settings.ProjectId, task, history, latest, primary.Provider, primary.Model, window, ReplyTokens, focus, loaded), ct);
        var options = new ChatOptions { MaxOutputTokens = ReplyTokens, ResponseFormat = format };
        var call = await router.PrepareAsync(userId, project, context.Messages, options, ct, conversationId, context.InputTokens);
        return new PreparedWorkspaceCall(context, call);
    }
}
