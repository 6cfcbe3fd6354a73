using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Workspace.Context;

/// <summary>
/// Ranks a project's knowledge documents by relevance to a text with the database's own full-text search: SQLite FTS5
/// (bm25, porter stemming) and PostgreSQL tsvector (ts_rank, English stemming), both kept up to date by the database
/// itself (see <see cref="DocumentSearchSchema"/>). A document matches when it holds any word of the text.
/// </summary>
public sealed partial class DocumentSearch(SpecsDb db)
{
    /// <summary>Enough words to find what a long message is about; the rest only slow the search.</summary>
    public const int MaxTerms = 32;

    [GeneratedRegex(@"[\p{L}\p{N}]{3,}")]
    private static partial Regex Word();

    /// <summary>The distinct words of three or more letters or digits, lower-cased: safe to quote in either query language.</summary>
    public static IReadOnlyList<string> Terms(string text) =>
        [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().Take(MaxTerms)];

    /// <summary>The ids of the project's documents that match, most relevant first.</summary>
    public async Task<IReadOnlyList<Guid>> RankAsync(Guid projectId, string text, CancellationToken ct)
    {
        var terms = Terms(text);
        if (terms.Count == 0)
        {
            return [];
        }

        if (db.Database.IsNpgsql())
        {
            // websearch_to_tsquery accepts any text without syntax errors; "or" between words makes any of them match.
            var query = string.Join(" or ", terms);
            return await db.Database.SqlQuery<Guid>($"""
                SELECT d."Id" AS "Value" FROM knowledge_documents d, websearch_to_tsquery('english', {query}) q
                WHERE d."ProjectId" = {projectId} AND d.search @@ q
                ORDER BY ts_rank(d.search, q) DESC, d."CreatedAt" DESC
                """).ToListAsync(ct);
        }

        var match = string.Join(" OR ", terms.Select(t => $"\"{t}\""));
        return await db.Database.SqlQuery<Guid>($"""
            SELECT i.document_id AS "Value" FROM knowledge_documents_fts f
            JOIN knowledge_documents_fts_ids i ON i.rowid = f.rowid
            WHERE knowledge_documents_fts MATCH {match} AND f.project_id = {projectId}
            ORDER BY f.rank
            """).ToListAsync(ct);
    }
}
