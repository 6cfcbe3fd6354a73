using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Workspace.Context;

/// <summary>A specification as the prompt lists it, under its category.</summary>
public sealed record SpecificationLine(string Category, ContextPiece Piece);

/// <summary>A project's specifications in the order trimming keeps them: core categories first, most confident first.</summary>
public sealed record ContextSpecifications(long Revision, IReadOnlyList<SpecificationLine> Lines, IReadOnlyList<string> Categories,
    IReadOnlyList<MaturityReport.CategoryBest> Tallies);

/// <summary>A project's knowledge documents, newest first, each as the prompt shows it.</summary>
public sealed record ContextDocuments(long Revision, IReadOnlyDictionary<Guid, ContextPiece> Pieces, IReadOnlyList<Guid> NewestFirst);

/// <summary>
/// Keeps each project's specifications and documents as the context builder uses them (formatted, ordered, their token
/// counts once worked out) from one conversation turn to the next, so a turn reads one project row instead of the whole
/// project again. An entry is current while the project's revision columns, which the database raises on every change
/// (<see cref="ContentRevisionSchema"/>), still hold the value it was read at: no instance can serve a stale entry,
/// whoever made the change.
/// </summary>
public sealed class ProjectContextCache : IDisposable
{
    /// <summary>The characters of text kept across all projects; the least recently used go first.</summary>
    public const long CacheCharacters = 32L * 1024 * 1024;

    /// <summary>A project nobody has talked to for this long gives its memory back.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = CacheCharacters });

    public async Task<ContextSpecifications> SpecificationsAsync(SpecsDb db, Project project, CancellationToken ct)
    {
        var key = (project.Id, nameof(Project.SpecificationsRevision));
        if (_entries.TryGetValue(key, out ContextSpecifications? kept) && kept!.Revision == project.SpecificationsRevision)
        {
            return kept;
        }

        var rows = await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == project.Id)
            .Select(s => new { s.Category, s.Key, s.Value, s.Confidence, s.Source })
            .ToListAsync(ct);
        var lines = rows
            .OrderBy(s => Maturity.CoreCategories.Contains(s.Category) ? 0 : 1).ThenByDescending(s => s.Confidence)
            .ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SpecificationLine(s.Category, new ContextPiece(string.Create(CultureInfo.InvariantCulture,
                $"- {s.Key}: {s.Value} (confidence {s.Confidence:0.##}, source {s.Source})"))))
            .ToList();
        var loaded = new ContextSpecifications(project.SpecificationsRevision, lines,
            [.. rows.Select(s => s.Category).Distinct(StringComparer.Ordinal)], MaturityReport.Tally(rows.Select(s => (s.Category, s.Confidence))));
        Keep(key, loaded, lines.Sum(l => (long)l.Piece.Text.Length));
        return loaded;
    }

    public async Task<ContextDocuments> DocumentsAsync(SpecsDb db, Project project, CancellationToken ct)
    {
        var key = (project.Id, nameof(Project.DocumentsRevision));
        if (_entries.TryGetValue(key, out ContextDocuments? kept) && kept!.Revision == project.DocumentsRevision)
        {
            return kept;
        }

        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == project.Id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new { d.Id, d.Title, d.Content })
            .ToListAsync(ct);
        var loaded = new ContextDocuments(project.DocumentsRevision,
            documents.ToDictionary(d => d.Id, d => new ContextPiece($"## {d.Title}\n{d.Content}")), [.. documents.Select(d => d.Id)]);
        Keep(key, loaded, loaded.Pieces.Values.Sum(p => (long)p.Text.Length));
        return loaded;
    }

    public void Dispose() => _entries.Dispose();

    private void Keep(object key, object entry, long characters)
    {
        // An entry larger than the whole cache is not kept at all; the next turn reads the project again.
        _entries.Set(key, entry, new MemoryCacheEntryOptions { Size = Math.Max(1, characters), SlidingExpiration = Idle });
    }
}
