using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Projects;

/// <summary>
/// How well each core category is covered: <c>clear</c> when its best confidence is at least <see cref="ClearAt"/>,
/// <c>partial</c> when something above zero is known, <c>missing</c> otherwise. Its score is that best confidence
/// as a percentage; the project's score is their mean (<see cref="Maturity"/>).
/// </summary>
public sealed record CategoryMaturity(string Category, int Score, double BestConfidence, int Specifications, int PendingProposals, string Status);

public sealed record MaturityReport(Guid ProjectId, int Score, IReadOnlyList<CategoryMaturity> Categories, IReadOnlyList<string> Weakest)
{
    public const double ClearAt = 0.8;

    public const string Clear = "clear";
    public const string Partial = "partial";
    public const string Missing = "missing";

    /// <summary>The categories not yet clear, least certain first (ties in <see cref="Maturity.CoreCategories"/>' order), at most three.</summary>
    public const int WeakestShown = 3;

    /// <summary>The core category to ask about next: the least certain one, the first in the documented order on a tie.</summary>
    public string LeastCertain => Categories.OrderBy(c => c.BestConfidence).ThenBy(c => CategoryOrder.Rank(c.Category)).First().Category;

    public static string StatusOf(double bestConfidence) =>
        bestConfidence >= ClearAt ? Clear : bestConfidence > 0 ? Partial : Missing;

    public static async Task<MaturityReport> ForProjectAsync(SpecsDb db, Guid projectId, CancellationToken ct)
    {
        var specs = await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == projectId && Maturity.CoreCategories.Contains(s.Category))
            .GroupBy(s => s.Category)
            .Select(g => new CategoryBest(g.Key, g.Max(s => s.Confidence), g.Count()))
            .ToListAsync(ct);
        return await BuildAsync(db, projectId, specs, ct);
    }

    /// <summary>The report from specifications the caller has already loaded, so they are not read twice.</summary>
    /// <summary>The report from specifications already read: each core category's best confidence and count.</summary>
    public static Task<MaturityReport> ForTalliesAsync(SpecsDb db, Guid projectId, IReadOnlyList<CategoryBest> tallies, CancellationToken ct) =>
        BuildAsync(db, projectId, tallies, ct);

    /// <summary>Each core category's best confidence and count among <paramref name="specifications"/>.</summary>
    public static IReadOnlyList<CategoryBest> Tally(IEnumerable<(string Category, double Confidence)> specifications) =>
        [.. specifications
            .Where(s => Maturity.CoreCategories.Contains(s.Category))
            .GroupBy(s => s.Category)
            .Select(g => new CategoryBest(g.Key, g.Max(s => s.Confidence), g.Count()))];

    /// <summary>
    /// The report from specifications already read, without reading their pending proposals (each category counts 0):
    /// for a reader that shows none, such as a workspace call's prompt, and so saves the query.
    /// </summary>
    public static MaturityReport WithoutPending(Guid projectId, IReadOnlyList<CategoryBest> tallies) =>
        From(projectId, tallies, new Dictionary<string, int>());

    public sealed record CategoryBest(string Category, double Best, int Count);

    private static async Task<MaturityReport> BuildAsync(SpecsDb db, Guid projectId, IReadOnlyList<CategoryBest> specs, CancellationToken ct)
    {
        var pending = await db.Set<Proposal>().AsNoTracking()
            .Where(p => p.ProjectId == projectId && p.Status == ProposalStatus.Pending)
            .GroupBy(p => p.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .ToDictionaryAsync(p => p.Category, p => p.Count, ct);
        return From(projectId, specs, pending);
    }

    private static MaturityReport From(Guid projectId, IReadOnlyList<CategoryBest> specs, Dictionary<string, int> pending)
    {
        var categories = Maturity.CoreCategories.Select(category =>
        {
            var found = specs.FirstOrDefault(s => s.Category == category);
            var best = found?.Best ?? 0;
            return new CategoryMaturity(
                category, (int)Math.Round(100 * best, MidpointRounding.AwayFromZero), best, found?.Count ?? 0,
                pending.GetValueOrDefault(category), StatusOf(best));
        }).ToList();
        var weakest = categories.Where(c => c.Status != Clear)
            .OrderBy(c => c.BestConfidence).ThenBy(c => CategoryOrder.Rank(c.Category))
            .Take(WeakestShown).Select(c => c.Category).ToList();
        return new MaturityReport(projectId, Maturity.Score(categories.Select(c => c.BestConfidence)), categories, weakest);
    }
}
