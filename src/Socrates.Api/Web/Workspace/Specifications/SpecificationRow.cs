using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Web.Workspace.Specifications;

/// <summary>What the workspace's table shows of one specification: no timestamps, nothing tracked.</summary>
public sealed record SpecificationRow(Guid Id, string Category, string Key, string Value, double Confidence, string Source)
{
    /// <summary>The project's specifications by category, then key: a project may hold thousands, read in one query.</summary>
    public static async Task<List<SpecificationRow>> ForProjectAsync(SpecsDb db, Guid projectId, CancellationToken ct) =>
        await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.Category).ThenBy(s => s.Key)
            .Select(s => new SpecificationRow(s.Id, s.Category, s.Key, s.Value, s.Confidence, s.Source))
            .ToListAsync(ct);
}
