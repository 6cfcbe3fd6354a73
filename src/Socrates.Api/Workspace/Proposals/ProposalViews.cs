using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;
using Socrates.Api.Workspace.Context;

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
                .ToDictionaryAsync(s => (s.Category, s.Key), s => new CurrentSpecification(s.Id, s.Value, s.Confidence, s.Source), ct);
        return View(proposals, existing);
    }

    /// <summary>
    /// The same, against the specifications a turn's prompt was built from: a turn's new proposals are checked against
    /// what the model was shown, with no read of their own. A specification changed while the model was answering shows
    /// in the next GET .../proposals, and accepting a proposal always works on the current value.
    /// </summary>
    public static List<ProposalResponse> View(IReadOnlyList<Proposal> proposals, IReadOnlyDictionary<(string Category, string Key), CurrentSpecification> existing) =>
    [
        .. proposals.Select(p =>
        {
            var current = p.Status == ProposalStatus.Pending ? existing.GetValueOrDefault((p.Category, p.Key)) : null;
            return ProposalResponse.From(p, current is not null && current.Value != p.Value
                ? new ProposalConflict(current.Id, current.Value, current.Confidence, current.Source)
                : null);
        }),
    ];
}
