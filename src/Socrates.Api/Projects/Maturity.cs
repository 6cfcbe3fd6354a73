using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Projects;

/// <summary>
/// How complete a project's specification is, 0-100. Each core category contributes the highest confidence
/// among its specifications (0 when it has none), and the score is their mean. So a project with every
/// category answered by the user (confidence 1) scores 100, while one whose categories hold only low-confidence
/// guesses from an import scores less than one with fewer, confirmed answers. Categories outside the core set
/// are kept and exported but do not move the score.
/// </summary>
public static class Maturity
{
    public static readonly IReadOnlyList<string> CoreCategories =
    [
        "goals", "users", "features", "requirements", "tech_stack", "architecture",
        "data_model", "api", "security", "testing", "deployment",
    ];

    public static int Score(IEnumerable<double> bestConfidencePerCoreCategory) =>
        (int)Math.Round(100 * bestConfidencePerCoreCategory.Sum() / CoreCategories.Count, MidpointRounding.AwayFromZero);

    /// <summary>Scores for several projects in one grouped query.</summary>
    public static async Task<Dictionary<Guid, int>> ForProjectsAsync(SpecsDb db, IReadOnlyCollection<Guid> projectIds, CancellationToken ct)
    {
        var best = await db.Specifications
            .Where(s => projectIds.Contains(s.ProjectId) && CoreCategories.Contains(s.Category))
            .GroupBy(s => new { s.ProjectId, s.Category })
            .Select(g => new { g.Key.ProjectId, Confidence = g.Max(s => s.Confidence) })
            .ToListAsync(ct);

        return projectIds.ToDictionary(
            id => id,
            id => Score(best.Where(b => b.ProjectId == id).Select(b => b.Confidence)));
    }

    public static async Task<int> ForProjectAsync(SpecsDb db, Guid projectId, CancellationToken ct) =>
        (await ForProjectsAsync(db, [projectId], ct))[projectId];
}
