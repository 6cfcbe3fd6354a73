using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm;

/// <summary>An owned project about to call its model, with the ids of the budgets that govern the call.</summary>
public sealed record ProjectForCall(Project Project, bool HasBudgets);

/// <summary>A project's model choice: the one it set, or the configured default, then its fallbacks.</summary>
public static class ProjectLlm
{
    public const int MaxFallbacks = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The ownership rule of <see cref="ProjectAccess.FindOwnedAsync"/> (another user's project does not exist),
    /// plus whether any budget governs the call, in the same round trip: without budgets (the common case) this is
    /// a chat's only query before the provider is called.
    /// </summary>
    public static async Task<ProjectForCall?> FindOwnedForCallAsync(this SpecsDb db, Guid projectId, Guid userId, CancellationToken ct)
    {
        var found = await db.Projects
            .Where(p => p.Id == projectId && p.OwnerId == userId)
            .Select(p => new
            {
                Project = p,
                HasBudgets = db.Set<LlmBudget>().Any(b => b.UserId == userId && (b.ProjectId == Guid.Empty || b.ProjectId == projectId)),
            })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : new ProjectForCall(found.Project, found.HasBudgets);
    }

    public static ChatRoute Primary(Project project, LlmOptions options) =>
        project.LlmProvider is { Length: > 0 } provider && project.LlmModel is { Length: > 0 } model
            ? new ChatRoute(provider, model)
            : new ChatRoute(options.DefaultProvider, options.DefaultModel);

    public static IReadOnlyList<ChatRoute> Fallbacks(Project project) =>
        string.IsNullOrEmpty(project.LlmFallbacks) ? [] : JsonSerializer.Deserialize<List<ChatRoute>>(project.LlmFallbacks, Json) ?? [];

    public static IReadOnlyList<ChatRoute> Routes(Project project, LlmOptions options) => [Primary(project, options), .. Fallbacks(project)];

    public static string? Serialize(IReadOnlyList<ChatRoute> fallbacks) =>
        fallbacks.Count == 0 ? null : JsonSerializer.Serialize(fallbacks, Json);
}

public sealed class ProjectLlmConfiguration : IEntityTypeConfiguration<Project>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<Project> builder) =>
        builder.Property(p => p.LlmFallbacks).HasMaxLength(2000);
}
