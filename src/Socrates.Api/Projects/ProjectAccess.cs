using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Projects;

/// <summary>
/// The one ownership rule every project route goes through: a project is visible only to its owner, and to
/// anyone else it does not exist (404, never 403, so ids cannot be probed).
/// </summary>
public static class ProjectAccess
{
    public static Task<Project?> FindOwnedAsync(this SpecsDb db, Guid projectId, Guid userId, CancellationToken ct) =>
        db.Projects.FirstOrDefaultAsync(p => p.Id == projectId && p.OwnerId == userId, ct);

    public static Task<bool> OwnsAsync(this SpecsDb db, Guid projectId, Guid userId, CancellationToken ct) =>
        db.Projects.AnyAsync(p => p.Id == projectId && p.OwnerId == userId, ct);
}
