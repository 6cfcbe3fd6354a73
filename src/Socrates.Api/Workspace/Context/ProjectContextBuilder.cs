using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Socrates.Api.Http;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Workspace.Context;

/// <summary>
/// Builds the system prompt a workspace call sends from the project itself: its name, description and phase, its
/// specifications grouped by category with confidence and source, the maturity score and weakest core categories, its
/// knowledge documents, then the conversation's earlier messages.
/// <para>
/// When all of that does not fit the model's context window minus the reply's tokens, whole pieces are dropped, never
/// cut: the task, the project's header and the latest message always stay; specifications keep at most half of what is
/// left (core categories first, most confident first); the newest messages then take up to half of the rest; documents
/// follow, the most relevant to the latest message first (<see cref="DocumentSearch"/>); room still left goes to older
/// messages. The prompt says what was left out.
/// </para>
/// </summary>
public sealed class ProjectContextBuilder(SpecsDb db, DocumentSearch search, TokenCounter counter)
{
    private sealed record Piece(string Text, int Tokens);

    public async Task<ProjectContext> BuildAsync(ContextRequest request, CancellationToken ct)
    {
        int Count(string text) => counter.Count(request.Provider, request.Model, text);

        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == request.ProjectId, ct);
        var maturity = await MaturityReport.ForProjectAsync(db, request.ProjectId, ct);
        var specs = await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == request.ProjectId)
            .Select(s => new { s.Category, s.Key, s.Value, s.Confidence, s.Source })
            .ToListAsync(ct);
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == request.ProjectId)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new { d.Id, d.Title, d.Content })
            .ToListAsync(ct);

        var header = Header(request.Task, project, maturity);
        var fixedTokens = Count(header) + (2 * TokenCounter.PerMessage) + (request.Latest is null ? 0 : Count(request.Latest));
        var room = (long)request.ContextWindow - request.ReplyTokens - fixedTokens;
        if (room < 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Message too long",
                $"The message does not fit the context window of {request.Provider}/{request.Model} ({request.ContextWindow:N0} tokens, " +
                $"{request.ReplyTokens:N0} of them kept for the reply). Shorten it, or choose a model with a larger window.",
                new Dictionary<string, object?> { ["context_window"] = request.ContextWindow });
        }

        var specPieces = specs
            .OrderBy(s => Maturity.CoreCategories.Contains(s.Category) ? 0 : 1).ThenByDescending(s => s.Confidence)
            .Select(s => (s.Category, s.Key, Piece: Line($"- {s.Key}: {s.Value} (confidence {s.Confidence.ToString("0.##", CultureInfo.InvariantCulture)}, source {s.Source})")))
            .ToList();
        var messagePieces = request.History.Select(m => (m.Role, Piece: new Piece(m.Text, Count(m.Text) + TokenCounter.PerMessage))).ToList();
        var documentPieces = documents.ToDictionary(d => d.Id, d => Line($"## {d.Title}\n{d.Content}"));

        var total = specPieces.Sum(s => (long)s.Piece.Tokens) + messagePieces.Sum(m => (long)m.Piece.Tokens) + documentPieces.Values.Sum(d => (long)d.Tokens);
        List<(string Category, string Key, Piece Piece)> keptSpecs = specPieces;
        var keptDocuments = documents.Select(d => d.Id).ToList();
        var firstKeptMessage = 0;
        if (total > room)
        {
            keptSpecs = TakeWhileFits(specPieces, s => s.Piece.Tokens, room / 2, out var specTokens);
            room -= specTokens;

            var newestFirst = Enumerable.Range(0, messagePieces.Count).Reverse().ToList();
            var messageBudget = room / 2;
            var keptMessages = TakeWhileFits(newestFirst, i => messagePieces[i].Piece.Tokens, messageBudget, out var messageTokens);
            room -= messageTokens;

            var ranked = await search.RankAsync(request.ProjectId, request.Focus ?? request.Latest ?? "", ct);
            var byRelevance = ranked.Where(documentPieces.ContainsKey).Concat(documents.Select(d => d.Id).Except(ranked)).ToList();
            keptDocuments = [];
            foreach (var id in byRelevance)
            {
                if (documentPieces[id].Tokens <= room)
                {
                    keptDocuments.Add(id);
                    room -= documentPieces[id].Tokens;
                }
            }

            // Older messages get what documents left, still without a gap in the history.
            var more = TakeWhileFits(newestFirst.Skip(keptMessages.Count).ToList(), i => messagePieces[i].Piece.Tokens, room, out _);
            firstKeptMessage = messagePieces.Count - keptMessages.Count - more.Count;
        }

        var omitted = new ContextOmissions(specPieces.Count - keptSpecs.Count, documents.Count - keptDocuments.Count, firstKeptMessage);
        var system = new StringBuilder(header);
        AppendSpecifications(system, keptSpecs.Select(s => (s.Category, s.Piece.Text)).ToList(), specs.Count);
        AppendDocuments(system, keptDocuments.Select(id => documentPieces[id].Text).ToList(), documents.Count);
        if (omitted.Any)
        {
            system.Append(CultureInfo.InvariantCulture,
                $"\n(To fit the model's context window, {omitted.Specifications} specifications, {omitted.Documents} documents and {omitted.Messages} earlier messages were left out.)\n");
        }

        var messages = new List<ChatMessage> { new(ChatRole.System, system.ToString()) };
        messages.AddRange(messagePieces.Skip(firstKeptMessage).Select(m => new ChatMessage(new ChatRole(m.Role), m.Piece.Text)));
        if (request.Latest is not null)
        {
            messages.Add(new ChatMessage(ChatRole.User, request.Latest));
        }

        // The prompt is counted whole once more: the pieces' sum misses the headings that join them.
        var inputTokens = counter.Count(request.Provider, request.Model, messages);
        return new ProjectContext(messages, inputTokens, omitted);

        Piece Line(string text) => new(text, Count(text) + 1);
    }

    /// <summary>The items, in order, up to the first that would pass <paramref name="budget"/>.</summary>
    private static List<T> TakeWhileFits<T>(List<T> items, Func<T, int> tokens, long budget, out long used)
    {
        used = 0;
        var kept = new List<T>();
        foreach (var item in items)
        {
            if (used + tokens(item) > budget)
            {
                break;
            }

            used += tokens(item);
            kept.Add(item);
        }

        return kept;
    }

    private static string Header(string task, Project project, MaturityReport maturity)
    {
        var text = new StringBuilder(task.TrimEnd()).Append("\n\n# Project\n");
        text.Append(CultureInfo.InvariantCulture, $"Name: {project.Name}\nPhase: {project.Phase}\n");
        if (project.Description.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Description: {project.Description}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n# Maturity\nScore: {maturity.Score}/100 (the mean of each core category's best confidence).\n");
        text.Append("Core categories: ")
            .AppendJoin(", ", maturity.Categories.Select(c => $"{c.Category} {c.Status} ({c.BestConfidence.ToString("0.##", CultureInfo.InvariantCulture)})"))
            .Append('\n');
        text.Append("Weakest: ").Append(maturity.Weakest.Count == 0 ? "none, every core category is clear" : string.Join(", ", maturity.Weakest)).Append('\n');
        return text.ToString();
    }

    private static void AppendSpecifications(StringBuilder text, List<(string Category, string Line)> kept, int all)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n# Specifications ({kept.Count} of {all})\n");
        var order = Maturity.CoreCategories.ToList();
        foreach (var group in kept.GroupBy(s => s.Category).OrderBy(g => order.IndexOf(g.Key) is var i and >= 0 ? i : order.Count).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"## {group.Key}\n");
            foreach (var (_, line) in group)
            {
                text.Append(line).Append('\n');
            }
        }
    }

    private static void AppendDocuments(StringBuilder text, List<string> kept, int all)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n# Knowledge documents ({kept.Count} of {all})\n");
        foreach (var document in kept)
        {
            text.Append(document).Append("\n\n");
        }
    }
}
