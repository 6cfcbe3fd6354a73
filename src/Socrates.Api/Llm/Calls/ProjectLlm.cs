using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm.Calls;

/// <summary>What a call needs to know about its project: whose it is and which models it uses, in order.</summary>
public sealed record ProjectLlmSettings(Guid ProjectId, Guid OwnerId, string? Provider, string? Model, IReadOnlyList<ChatRoute> Fallbacks)
{
    public static ProjectLlmSettings Of(Project project) =>
        new(project.Id, project.OwnerId, project.LlmProvider, project.LlmModel, ProjectLlm.Fallbacks(project.LlmFallbacks));
}

/// <summary>An owned project about to call its model, and the budgets that govern the call (none, usually).</summary>
public sealed record ProjectForCall(ProjectLlmSettings Settings, IReadOnlyList<Guid> BudgetIds);

/// <summary>A project's model choice: the one it set, or the configured default, then its fallbacks.</summary>
public static class ProjectLlm
{
    public const int MaxFallbacks = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ChatRoute Primary(ProjectLlmSettings project, LlmOptions options) =>
        project.Provider is { Length: > 0 } provider && project.Model is { Length: > 0 } model
            ? new ChatRoute(provider, model)
            : new ChatRoute(options.DefaultProvider, options.DefaultModel);

    public static IReadOnlyList<ChatRoute> Fallbacks(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : JsonSerializer.Deserialize<List<ChatRoute>>(stored, Json) ?? [];

    public static IReadOnlyList<ChatRoute> Routes(ProjectLlmSettings project, LlmOptions options) => [Primary(project, options), .. project.Fallbacks];

    public static string? Serialize(IReadOnlyList<ChatRoute> fallbacks) =>
        fallbacks.Count == 0 ? null : JsonSerializer.Serialize(fallbacks, Json);
}

public sealed class ProjectLlmConfiguration : IEntityTypeConfiguration<Project>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<Project> builder) =>
        builder.Property(p => p.LlmFallbacks).HasMaxLength(2000);
}
