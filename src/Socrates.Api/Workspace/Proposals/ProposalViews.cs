using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Workspace.Proposals;

public static class ProposalViews
{
    /// <summary>
    /// The proposals as responses, each pending one that would change an existing specification marked as a conflict
    /// with the value it would replace. Read at the time of asking, so a conflict resolved since is not shown.
    /// </summary>
    public static async Task<List<ProposalResponse>> ViewAsync(this SpecsDb db, Guid projectId, IReadOnlyList<Proposal> proposals, CancellationToken ct)
    {
        var pending = proposals.Where(p => p.Status == ProposalStatus.Pending).ToList();
        var categories = pending.Select(p => p.Category).Distinct().ToList();
        var keys = pending.Select(p => p.Key).Distinct().ToList();
        var existing = pending.Count == 0
            ? []
            : await db.Specifications.AsNoTracking()
                .Where(s => s.ProjectId == projectId && categories.Contains(s.Category) && keys.Contains(s.Key))
                .ToListAsync(ct);
        return [.. proposals.Select(p =>
        {
            var current = p.Status == ProposalStatus.Pending ? existing.FirstOrDefault(s => s.Category == p.Category && s.Key == p.Key) : null;
            return ProposalResponse.From(p, current is not null && current.Value != p.Value
                ? new ProposalConflict(current.Id, current.Value, current.Confidence, current.Source)
                : null);
        })];
    }
}
