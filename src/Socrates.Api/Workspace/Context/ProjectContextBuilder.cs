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
public sealed class ProjectContextBuilder(SpecsDb db, DocumentSearch search, TokenCounter counter, ProjectContextCache cache)
{
    /// <summary>A line's tokens include its line break; a message's, its framing.</summary>
    private const int LineBreak = 1;

    public async Task<ProjectContext> BuildAsync(ContextRequest request, CancellationToken ct)
    {
        int Count(string text) => counter.Count(request.Provider, request.Model, text);
        int Tokens(ContextPiece piece, int separator) => piece.Tokens(counter, request.Provider, request.Model, separator);

        var project = request.Project ?? await db.Projects.AsNoTracking().FirstAsync(p => p.Id == request.ProjectId, ct);
        var specs = await cache.SpecificationsAsync(db, project, ct);
        var documents = await cache.DocumentsAsync(db, project, ct);
        var maturity = MaturityReport.WithoutPending(request.ProjectId, specs.Tallies);

        var header = Header(request.Task, project, maturity);
        // The headings that join the pieces are kept room for at their largest: every category, every count in full.
        var headingsAtMost = SpecificationsHeading(specs.Lines.Count, specs.Lines.Count)
            + DocumentsHeading(documents.NewestFirst.Count, documents.NewestFirst.Count)
            + OmissionNote(new(specs.Lines.Count, documents.NewestFirst.Count, request.History.Count))
            + string.Concat(specs.Categories.Select(CategoryHeading));
        var headingsReserve = Count(headingsAtMost);
        var fixedTokens = Count(header) + (2 * TokenCounter.PerMessage) + (request.Latest is null ? 0 : Count(request.Latest)) + headingsReserve;
        var room = (long)request.ContextWindow - request.ReplyTokens - fixedTokens;
        if (room < 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Message too long",
                $"The message does not fit the context window of {request.Provider}/{request.Model} ({request.ContextWindow:N0} tokens, " +
                $"{request.ReplyTokens:N0} of them kept for the reply). Shorten it, or choose a model with a larger window.",
                new Dictionary<string, object?> { ["context_window"] = request.ContextWindow });
        }

        var messages = request.History.Select(m => (m.Role, Piece: cache.Message(m.Text))).ToList();
        IReadOnlyList<SpecificationLine> keptSpecs = specs.Lines;
        IReadOnlyList<Guid> keptDocuments = documents.NewestFirst;
        var firstKeptMessage = 0;
        if (!Fits(room))
        {
            var specBudget = room / 2;
            keptSpecs = TakeWhileFits(specs.Lines, s => Tokens(s.Piece, LineBreak), specBudget, out var specTokens);
            room -= specTokens;

            var newestFirst = Enumerable.Range(0, messages.Count).Reverse().ToList();
            var keptMessages = TakeWhileFits(newestFirst, i => Tokens(messages[i].Piece, TokenCounter.PerMessage), room / 2, out var messageTokens);
            room -= messageTokens;

            var documentTokens = documents.NewestFirst.Sum(id => (long)Tokens(documents.Pieces[id], LineBreak));
            if (documentTokens <= room)
            {
                room -= documentTokens;
            }
            else
            {
                keptDocuments = await MostRelevantAsync(room);
                room -= keptDocuments.Sum(id => (long)Tokens(documents.Pieces[id], LineBreak));
            }

            // Older messages get what documents left, still without a gap in the history.
            var more = TakeWhileFits([.. newestFirst.Skip(keptMessages.Count)], i => Tokens(messages[i].Piece, TokenCounter.PerMessage), room, out _);
            firstKeptMessage = messages.Count - keptMessages.Count - more.Count;
        }

        var omitted = new ContextOmissions(specs.Lines.Count - keptSpecs.Count, documents.NewestFirst.Count - keptDocuments.Count, firstKeptMessage);
        (string Text, string Headings) Render() => Prompt(header, keptSpecs, specs.Lines.Count,
            [.. keptDocuments.Select(id => documents.Pieces[id].Text)], documents.NewestFirst.Count, omitted);
        var (system, headings) = omitted.Any ? Render() : cache.UntrimmedPrompt(request.ProjectId, specs, documents, header, Render);

        var chat = new List<ChatMessage> { new(ChatRole.System, system) };
        chat.AddRange(messages.Skip(firstKeptMessage).Select(m => new ChatMessage(new ChatRole(m.Role), m.Piece.Text)));
        if (request.Latest is not null)
        {
            chat.Add(new ChatMessage(ChatRole.User, request.Latest));
        }

        // The sum of what each part counts: tokenizing the joined prompt once more would double a large project's cost
        // and differ only where a piece's final line break merges with the next piece's first characters.
        var inputTokens = fixedTokens - headingsReserve + Count(headings)
            + keptSpecs.Sum(s => (long)Tokens(s.Piece, LineBreak)) + keptDocuments.Sum(id => (long)Tokens(documents.Pieces[id], LineBreak))
            + messages.Skip(firstKeptMessage).Sum(m => (long)Tokens(m.Piece, TokenCounter.PerMessage));
        return new ProjectContext(chat, inputTokens, omitted, specs);

        // Whether everything fits, tokenizing no more than it must: first by length alone, then by counting only
        // until the room is used up.
        bool Fits(long room)
        {
            long atMost = 0;
            foreach (var line in specs.Lines)
            {
                atMost += line.Piece.AtMost(request.Provider, request.Model, LineBreak);
            }

            atMost += messages.Sum(m => m.Piece.AtMost(request.Provider, request.Model, TokenCounter.PerMessage))
                + documents.Pieces.Values.Sum(p => p.AtMost(request.Provider, request.Model, LineBreak));
            if (atMost <= room)
            {
                return true;
            }

            long used = 0;
            foreach (var line in specs.Lines)
            {
                used += Tokens(line.Piece, LineBreak);
                if (used > room)
                {
                    return false;
                }
            }

            used += messages.Sum(m => (long)Tokens(m.Piece, TokenCounter.PerMessage));
            return used <= room && used + documents.Pieces.Values.Sum(p => (long)Tokens(p, LineBreak)) <= room;
        }

        // The documents most relevant to the latest message that fit, then the newest of the rest that fit.
        async Task<List<Guid>> MostRelevantAsync(long room)
        {
            var ranked = await search.RankAsync(request.ProjectId, request.Focus ?? request.Latest ?? "", ct);
            var kept = new List<Guid>();
            foreach (var id in ranked.Where(documents.Pieces.ContainsKey).Concat(documents.NewestFirst.Except(ranked)))
            {
                if (Tokens(documents.Pieces[id], LineBreak) <= room)
                {
                    kept.Add(id);
                    room -= Tokens(documents.Pieces[id], LineBreak);
                }
            }

            return kept;
        }
    }

    /// <summary>The items, in order, up to the first that would pass <paramref name="budget"/>.</summary>
    private static List<T> TakeWhileFits<T>(IReadOnlyList<T> items, Func<T, int> tokens, long budget, out long used)
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

    /// <returns>The system prompt, and its headings alone, to be counted apart from the pieces.</returns>
    private static (string Text, string Headings) Prompt(
        string header, IReadOnlyList<SpecificationLine> specs, int allSpecs, List<string> documents, int allDocuments, ContextOmissions omitted)
    {
        // Sized up front: the prompt can run to megabytes, and each doubling would copy it again.
        var text = new StringBuilder(header, header.Length + 4_096 + specs.Sum(s => s.Piece.Text.Length + 1) + documents.Sum(d => d.Length + 2));
        var headings = new StringBuilder();
        AppendSpecifications(text, headings, specs, allSpecs);
        AppendDocuments(text, headings, documents, allDocuments);
        if (omitted.Any)
        {
            Heading(text, headings, OmissionNote(omitted));
        }

        return (text.ToString(), headings.ToString());
    }

    /// <remarks>The headings go to <paramref name="headings"/> as well, to be counted apart from the lines.</remarks>
    private static void AppendSpecifications(StringBuilder text, StringBuilder headings, IReadOnlyList<SpecificationLine> kept, int all)
    {
        Heading(text, headings, SpecificationsHeading(kept.Count, all));
        foreach (var group in kept.GroupBy(s => s.Category).OrderBy(g => CategoryOrder.Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            Heading(text, headings, CategoryHeading(group.Key));
            foreach (var line in group)
            {
                text.Append(line.Piece.Text).Append('\n');
            }
        }
    }

    private static void AppendDocuments(StringBuilder text, StringBuilder headings, List<string> kept, int all)
    {
        Heading(text, headings, DocumentsHeading(kept.Count, all));
        foreach (var document in kept)
        {
            text.Append(document).Append("\n\n");
        }
    }

    private static string SpecificationsHeading(int kept, int all) => string.Create(CultureInfo.InvariantCulture, $"\n# Specifications ({kept} of {all})\n");

    private static string CategoryHeading(string category) => $"## {category}\n";

    private static string DocumentsHeading(int kept, int all) => string.Create(CultureInfo.InvariantCulture, $"\n# Knowledge documents ({kept} of {all})\n");

    private static string OmissionNote(ContextOmissions omitted) => string.Create(CultureInfo.InvariantCulture,
        $"\n(To fit the model's context window, {omitted.Specifications} specifications, {omitted.Documents} documents and {omitted.Messages} earlier messages were left out.)\n");

    private static void Heading(StringBuilder text, StringBuilder headings, string heading)
    {
        text.Append(heading);
        headings.Append(heading);
    }
}
