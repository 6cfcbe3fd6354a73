using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Keys;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm.Calls;

/// <summary>A budget and what it covers: one project, or (Guid.Empty) all of its user's calls.</summary>
public sealed record BudgetScope(Guid Id, Guid ProjectId);

/// <summary>
/// What every LLM call reads before it reaches a provider (the project's model settings, which budgets govern the
/// caller; the caller's stored keys are <see cref="SealedKeyCache"/>'s), kept in memory so that a call normally makes no database round trip before
/// the provider's. Each write through this server invalidates its entry when it commits; writes through another
/// instance arrive through <see cref="CacheInvalidation"/> (PostgreSQL NOTIFY), or at the latest within <see cref="LlmCallOptions.LookupCacheLifetime"/>. Loads run in their own scope, as
/// they may finish after the request that started them.
/// </summary>
public sealed class CallSettingsCache
{
    private const string ProjectsName = "projects";
    private const string BudgetsName = "budgets";

    private readonly CacheInvalidation _invalidation;

    public CallSettingsCache(IOptions<LlmCallOptions> options, TimeProvider time, IServiceScopeFactory scopes, CacheInvalidation invalidation)
    {
        _invalidation = invalidation;
        var lifetime = options.Value.LookupCacheLifetime;
        Projects = new(lifetime, time, (id, ct) => ReadAsync<SpecsDb, ProjectLlmSettings?>(scopes, async db =>
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            return project is null ? null : ProjectLlmSettings.Of(project);
        }));
        Budgets = new(lifetime, time, (user, ct) => ReadAsync<SpecsDb, BudgetScope[]?>(scopes, async db =>
            await db.Set<LlmBudget>().AsNoTracking().Where(b => b.UserId == user).Select(b => new BudgetScope(b.Id, b.ProjectId)).ToArrayAsync(ct)));
        invalidation.Register(ProjectsName, Projects);
        invalidation.Register(BudgetsName, Budgets);
    }

    public ReadThroughCache<Guid, ProjectLlmSettings> Projects { get; }

    /// <summary>Per user: their budgets. Budgets are never deleted, so a cached id never names a missing row.</summary>
    public ReadThroughCache<Guid, BudgetScope[]> Budgets { get; }

    /// <summary>After a write to the project's model settings (or its deletion) commits: here and on every instance.</summary>
    public Task ForgetProjectAsync(Guid projectId) => _invalidation.PublishAsync(ProjectsName, projectId);

    /// <summary>After a write to one of the user's budgets commits: here and on every instance.</summary>
    public Task ForgetBudgetsAsync(Guid userId) => _invalidation.PublishAsync(BudgetsName, userId);

    /// <summary>
    /// The ownership rule of <see cref="ProjectAccess.FindOwnedAsync"/> (another user's project does not exist) and
    /// the budgets that govern the call: a chat on a warm server reads nothing from the database before calling the
    /// provider, unless a budget needs its hold.
    /// </summary>
    public async Task<ProjectForCall?> FindOwnedForCallAsync(Guid projectId, Guid userId, CancellationToken ct)
    {
        var settings = await Projects.GetAsync(projectId, ct);
        return settings is null || settings.OwnerId != userId
            ? null
            : new ProjectForCall(settings, await GoverningBudgetsAsync(userId, projectId, ct));
    }

    /// <summary>For a project already loaded (and checked) by the caller.</summary>
    public async Task<ProjectForCall> ForCallAsync(Project project, CancellationToken ct) =>
        new(ProjectLlmSettings.Of(project), await GoverningBudgetsAsync(project.OwnerId, project.Id, ct));

    /// <summary>The user's overall budget and the project's own, those that exist, in the order BudgetGuard locks them.</summary>
    public async Task<IReadOnlyList<Guid>> GoverningBudgetsAsync(Guid userId, Guid projectId, CancellationToken ct)
    {
        var budgets = await Budgets.GetAsync(userId, ct);
        return [.. budgets!.Where(b => b.ProjectId == Guid.Empty || b.ProjectId == projectId).Select(b => b.Id).Order()];
    }

    private static async Task<TResult> ReadAsync<TDb, TResult>(IServiceScopeFactory scopes, Func<TDb, Task<TResult>> read)
        where TDb : DbContext
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TDb>());
    }
}
