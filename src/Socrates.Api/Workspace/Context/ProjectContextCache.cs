using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Workspace.Context;

/// <summary>A specification as the prompt lists it, under its category.</summary>
public sealed record SpecificationLine(string Category, ContextPiece Piece);

/// <summary>What was read from a project at one value of one of its revision columns.</summary>
public interface IReadAtRevision
{
    long Revision { get; }
}

/// <summary>A specification as it stood when the project's context was read: what a proposal for its category and key would replace.</summary>
public sealed record CurrentSpecification(Guid Id, string Value, double Confidence, string Source);

/// <summary>
/// A project's specifications in the order trimming keeps them (core categories first, most confident first), and each
/// one's current value by category and key.
/// </summary>
public sealed record ContextSpecifications(long Revision, IReadOnlyList<SpecificationLine> Lines, IReadOnlyList<string> Categories,
    IReadOnlyList<MaturityReport.CategoryBest> Tallies, IReadOnlyDictionary<(string Category, string Key), CurrentSpecification> ByKey) : IReadAtRevision;

/// <summary>A project's knowledge documents, newest first, each as the prompt shows it.</summary>
public sealed record ContextDocuments(long Revision, IReadOnlyDictionary<Guid, ContextPiece> Pieces, IReadOnlyList<Guid> NewestFirst) : IReadAtRevision;

/// <summary>
/// Keeps each project's specifications and documents as the context builder uses them (formatted, ordered, their token
/// counts once worked out) from one conversation turn to the next, so a turn reads one project row instead of the whole
/// project again. An entry is current while the project's revision columns, which the database raises on every change
/// (<see cref="ContentRevisionSchema"/>), still hold the value it was read at: no instance can serve a stale entry,
/// whoever made the change. It also keeps the last untrimmed prompt built from them, and conversations' messages as
/// counted pieces.
/// </summary>
public sealed class ProjectContextCache : IDisposable
{
    /// <summary>The characters of text kept across all projects; the least recently used go first.</summary>
    public const long CacheCharacters = 32L * 1024 * 1024;

    /// <summary>
    /// What an entry costs beyond its text (the entry, its key, the piece), in characters of the cache's budget: without
    /// it, millions of short messages would each count as a few characters.
    /// </summary>
    private const int EntryOverhead = 128;

    /// <summary>A project nobody has talked to for this long gives its memory back.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = CacheCharacters });

    public Task<ContextSpecifications> SpecificationsAsync(SpecsDb db, Project project, CancellationToken ct) =>
        CurrentAsync(project.Id, nameof(Project.SpecificationsRevision), project.SpecificationsRevision, () => ReadSpecificationsAsync(db, project, ct));

    public Task<ContextDocuments> DocumentsAsync(SpecsDb db, Project project, CancellationToken ct) =>
        CurrentAsync(project.Id, nameof(Project.DocumentsRevision), project.DocumentsRevision, () => ReadDocumentsAsync(db, project, ct));

    private static async Task<(ContextSpecifications, long Characters)> ReadSpecificationsAsync(SpecsDb db, Project project, CancellationToken ct)
    {
        var rows = await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == project.Id)
            .Select(s => new { s.Id, s.Category, s.Key, s.Value, s.Confidence, s.Source })
            .ToListAsync(ct);
        var lines = rows
            .OrderBy(s => Maturity.CoreCategories.Contains(s.Category) ? 0 : 1).ThenByDescending(s => s.Confidence)
            .ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SpecificationLine(s.Category, new ContextPiece(string.Create(CultureInfo.InvariantCulture,
                $"- {s.Key}: {s.Value} (confidence {s.Confidence:0.##}, source {s.Source})"))))
            .ToList();
        var loaded = new ContextSpecifications(project.SpecificationsRevision, lines,
            [.. rows.Select(s => s.Category).Distinct(StringComparer.Ordinal)], MaturityReport.Tally(rows.Select(s => (s.Category, s.Confidence))),
            rows.ToDictionary(s => (s.Category, s.Key), s => new CurrentSpecification(s.Id, s.Value, s.Confidence, s.Source)));
        return (loaded, lines.Sum(l => (long)l.Piece.Text.Length) + rows.Sum(s => (long)s.Value.Length));
    }

    private static async Task<(ContextDocuments, long Characters)> ReadDocumentsAsync(SpecsDb db, Project project, CancellationToken ct)
    {
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == project.Id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new { d.Id, d.Title, d.Content })
            .ToListAsync(ct);
        var loaded = new ContextDocuments(project.DocumentsRevision,
            documents.ToDictionary(d => d.Id, d => new ContextPiece($"## {d.Title}\n{d.Content}")), [.. documents.Select(d => d.Id)]);
        return (loaded, loaded.Pieces.Values.Sum(p => (long)p.Text.Length));
    }

    /// <summary>
    /// The system prompt with every specification and document, as last built for the project under this header (the
    /// task and the project's own row): most turns send exactly that, and building it again, grouping hundreds of lines
    /// and copying a prompt that can run to megabytes, was most of what a turn's context cost. It is current while the
    /// specifications and documents it holds are.
    /// </summary>
    public (string Text, string Headings) UntrimmedPrompt(
        Guid projectId, ContextSpecifications specifications, ContextDocuments documents, string header, Func<(string Text, string Headings)> build)
    {
        var key = (projectId, nameof(UntrimmedPrompt));
        if (_entries.TryGetValue(key, out Prompt? kept)
            && kept!.Specifications == specifications.Revision && kept.Documents == documents.Revision && kept.Header == header)
        {
            return (kept.Text, kept.Headings);
        }

        var (text, headings) = build();
        _entries.Set(key, new Prompt(specifications.Revision, documents.Revision, header, text, headings),
            new MemoryCacheEntryOptions { Size = Math.Max(1, text.Length + headings.Length), SlidingExpiration = Idle });
        return (text, headings);
    }

    private sealed record Prompt(long Specifications, long Documents, string Header, string Text, string Headings);

    /// <summary>
    /// An earlier message of a conversation as a prompt piece, shared by every turn that sends it, so that its tokens are
    /// counted once instead of on each later turn (every turn counted the whole history again, a cost that grew with the
    /// conversation). A piece depends on its text alone, so the text is the key.
    /// </summary>
    public ContextPiece Message(string text)
    {
        if (_entries.TryGetValue(text, out ContextPiece? kept))
        {
            return kept!;
        }

        var piece = new ContextPiece(text);
        _entries.Set(text, piece, new MemoryCacheEntryOptions { Size = text.Length + EntryOverhead, SlidingExpiration = Idle });
        return piece;
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>The kept entry while the project's <paramref name="column"/> still holds its revision; else what <paramref name="load"/> reads, kept.</summary>
    private async Task<T> CurrentAsync<T>(Guid projectId, string column, long revision, Func<Task<(T Entry, long Characters)>> load)
        where T : class, IReadAtRevision
    {
        var key = (projectId, column);
        if (_entries.TryGetValue(key, out T? kept) && kept!.Revision == revision)
        {
            return kept;
        }

        var (loaded, characters) = await load();
        // An entry larger than the whole cache is not kept at all; the next turn reads the project again.
        _entries.Set(key, loaded, new MemoryCacheEntryOptions { Size = Math.Max(1, characters), SlidingExpiration = Idle });
        return loaded;
    }
}
