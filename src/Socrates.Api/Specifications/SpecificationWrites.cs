using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Specifications;

public static class SpecificationWrites
{
    /// <summary>
    /// Creates the specification, or replaces its value, confidence and source, keeping what it held before in its
    /// history. Only tracks the change: the caller saves, inside its own transaction.
    /// </summary>
    public static async Task<Specification> SetAsync(
        this SpecsDb db, Guid projectId, string category, string key, string value, double confidence, string source, DateTime now, CancellationToken ct)
    {
        var spec = await db.Specifications.FirstOrDefaultAsync(s => s.ProjectId == projectId && s.Category == category && s.Key == key, ct);
        if (spec is null)
        {
            spec = Specification.New(projectId, category, key, value, confidence, source, now);
            db.Specifications.Add(spec);
            return spec;
        }

        spec.Replace(db, value, confidence, source, now);
        return spec;
    }

    /// <summary>Changes what a specification says, keeping what it said in its history; no change, no history.</summary>
    public static void Replace(this Specification spec, SpecsDb db, string value, double confidence, string source, DateTime now)
    {
        if (spec.Value == value && spec.Confidence.Equals(confidence) && spec.Source == source)
        {
            return;
        }

        db.Add(SpecificationChange.Of(spec, now));
        spec.Value = value;
        spec.Confidence = confidence;
        spec.Source = source;
        spec.UpdatedAt = now;
    }
}
