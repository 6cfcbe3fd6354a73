using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm;

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

    /// <summary>
    /// The ownership rule of <see cref="ProjectAccess.FindOwnedAsync"/> (another user's project does not exist) and
    /// the budgets that govern the call, from <see cref="CallLookups"/>: a chat on a warm server reads nothing
    /// from the database before calling the provider, unless a budget needs its hold.
    /// </summary>
    public static async Task<ProjectForCall?> FindOwnedForCallAsync(
        this SpecsDb db, CallLookups lookups, Guid projectId, Guid userId, CancellationToken ct)
    {
        var settings = await lookups.Projects.GetAsync(projectId, async (id, ct) =>
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            return project is null ? null : ProjectLlmSettings.Of(project);
        }, ct);
        return settings is null || settings.OwnerId != userId
            ? null
            : new ProjectForCall(settings, await GoverningBudgetsAsync(db, lookups, userId, projectId, ct));
    }

    /// <summary>For a project already loaded (and checked) by the caller.</summary>
    public static async Task<ProjectForCall> ForCallAsync(this SpecsDb db, CallLookups lookups, Project project, CancellationToken ct) =>
        new(ProjectLlmSettings.Of(project), await GoverningBudgetsAsync(db, lookups, project.OwnerId, project.Id, ct));

    /// <summary>The user's overall budget and the project's own, those that exist, in the order BudgetGuard locks them.</summary>
    public static async Task<IReadOnlyList<Guid>> GoverningBudgetsAsync(
        this SpecsDb db, CallLookups lookups, Guid userId, Guid projectId, CancellationToken ct)
    {
        var budgets = await lookups.Budgets.GetAsync(userId, async (user, ct) =>
            await db.Set<LlmBudget>().AsNoTracking().Where(b => b.UserId == user).Select(b => new BudgetScope(b.Id, b.ProjectId)).ToArrayAsync(ct), ct);
        return [.. budgets!.Where(b => b.ProjectId == Guid.Empty || b.ProjectId == projectId).Select(b => b.Id).Order()];
    }

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
