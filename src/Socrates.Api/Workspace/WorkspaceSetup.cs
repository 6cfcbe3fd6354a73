using Socrates.Api.Projects;
using Socrates.Api.Workspace.Context;
using Socrates.Api.Workspace.Conversations;
using Socrates.Api.Workspace.Proposals;
using Socrates.Api.Workspace.Questions;

namespace Socrates.Api.Workspace;

/// <summary>The Socratic workspace: kept conversations, the next best question, and proposals that become specifications.</summary>
public static class WorkspaceSetup
{
    public static IServiceCollection AddWorkspace(this IServiceCollection services)
    {
        services.AddScoped<DocumentSearch>();
        services.AddScoped<ProjectContextBuilder>();
        services.AddScoped<WorkspaceCalls>();
        services.AddScoped<ConversationStore>();
        services.AddScoped<ConversationTurns>();
        services.AddScoped<NextQuestions>();
        services.AddSingleton<BuiltinQuestions>();
        return services;
    }

    public static IEndpointRouteBuilder MapWorkspace(this IEndpointRouteBuilder routes) => routes
        .MapConversations()
        .MapQuestions()
        .MapProposals()
        .MapMaturity();
}
