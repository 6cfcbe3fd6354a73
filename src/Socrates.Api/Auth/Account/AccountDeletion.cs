using Microsoft.EntityFrameworkCore;
using Socrates.Api.Keys;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Templates;

namespace Socrates.Api.Auth.Account;

/// <summary>
/// Deletes a user and everything they own, in an order that can be retried after a failure part way: first every
/// token of the account stops working (a new security stamp, on every instance), so nothing new is written for it;
/// then, in the specs database, their projects (with what cascades from them), templates, budgets (with their holds)
/// and usage; then, in the auth database, their API keys and the user. The two databases cannot share a transaction:
/// if the second part fails the user still exists, signs in again and repeats the deletion.
/// </summary>
public sealed class AccountDeletion(AuthDb auth, SpecsDb specs, SecurityStamps stamps, CallSettingsCache lookups, SealedKeyCache keys)
{
    public async Task<DeletedAccountResponse> DeleteAsync(User user, CancellationToken ct)
    {
        var userId = user.Id;
        user.SecurityStamp = Guid.NewGuid();
        await auth.SaveChangesAsync(ct);
        await stamps.ForgetAsync(userId);

        var (owned, counts) = await DeleteOwnedDataAsync(userId, ct);
        foreach (var projectId in owned)
        {
            await lookups.ForgetProjectAsync(projectId);
        }

        await lookups.ForgetBudgetsAsync(userId);

        int apiKeys;
        await using (var transaction = await auth.Database.BeginTransactionAsync(ct))
        {
            apiKeys = await auth.Set<ApiKey>().Where(k => k.UserId == userId).ExecuteDeleteAsync(ct);
            await auth.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await keys.ForgetAsync(userId);
        await stamps.ForgetAsync(userId);
        return counts with { Id = userId, Email = user.Email, ApiKeys = apiKeys };
    }

    private async Task<(List<Guid> Projects, DeletedAccountResponse Counts)> DeleteOwnedDataAsync(Guid userId, CancellationToken ct)
    {
        await using var transaction = await specs.Database.BeginTransactionAsync(ct);
        var projects = specs.Projects.Where(p => p.OwnerId == userId);
        var projectIds = await projects.Select(p => p.Id).ToListAsync(ct);
        var specifications = await specs.Specifications.CountAsync(s => projects.Any(p => p.Id == s.ProjectId), ct);
        var documents = await specs.Documents.CountAsync(d => projects.Any(p => p.Id == d.ProjectId), ct);
        var files = await specs.Files.CountAsync(f => projects.Any(p => p.Id == f.ProjectId), ct);

        // Everything that belongs to a project goes with it through ON DELETE CASCADE.
        var deletedProjects = await projects.ExecuteDeleteAsync(ct);
        var templates = await specs.Set<UserTemplate>().Where(t => t.OwnerId == userId).ExecuteDeleteAsync(ct);
        var budgets = await specs.Set<LlmBudget>().Where(b => b.UserId == userId).ExecuteDeleteAsync(ct);
        var usage = await specs.Set<LlmUsage>().Where(u => u.UserId == userId).ExecuteDeleteAsync(ct);
        await specs.Set<LlmUsageHourly>().Where(u => u.UserId == userId).ExecuteDeleteAsync(ct);
        await specs.Set<LlmUsageDaily>().Where(u => u.UserId == userId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);

        return (projectIds, new DeletedAccountResponse(userId, "", deletedProjects, specifications, documents, files, templates, budgets, usage, 0));
    }
}
