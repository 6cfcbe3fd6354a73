using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Workspace.Context;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Workspace.Conversations;

/// <summary>A conversation as a turn reads it: the row, its messages so far, the place of the turn's user message, and its project's row.</summary>
public sealed record OpenConversation(Conversation Conversation, IReadOnlyList<HistoryMessage> History, int NextSeq, Project Project);

/// <summary>Reads and writes a project's conversations; every read is scoped to the project the caller owns.</summary>
public sealed class ConversationStore(SpecsDb db, IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Tries at a message's place in a conversation when others are added at the same moment.</summary>
    private const int SeqAttempts = 5;

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<Conversation?> FindAsync(Guid projectId, Guid conversationId, CancellationToken ct) =>
        db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId && c.ProjectId == projectId, ct);

    /// <summary>The conversation, or a 404 problem that names it.</summary>
    public async Task<Conversation> GetAsync(Guid projectId, Guid conversationId, CancellationToken ct) =>
        await FindAsync(projectId, conversationId, ct)
            ?? throw new ProblemException(StatusCodes.Status404NotFound, "Not Found", NotFoundDetail(projectId, conversationId));

    public static string NotFoundDetail(Guid projectId, Guid conversationId) =>
        $"Project {projectId} has no conversation with id {conversationId}.";

    public async Task<Conversation> CreateAsync(Guid projectId, string title, CancellationToken ct)
    {
        var now = Now;
        var conversation = new Conversation { Id = Guid.CreateVersion7(), ProjectId = projectId, Title = title, CreatedAt = now, UpdatedAt = now };
        db.Add(conversation);
        await db.SaveChangesAsync(ct);
        return conversation;
    }

    public Task<List<ConversationMessage>> MessagesAsync(Guid conversationId, CancellationToken ct) =>
        db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Seq).ToListAsync(ct);

    /// <summary>What <see cref="OpenAsync"/> reads in its one query.</summary>
    private sealed record OpenRead(Conversation Conversation, Project Project, List<MessageLine> Messages);

    private sealed record MessageLine(int Seq, string Role, string Content);

    /// <summary>
    /// Compiled once for each model (a process has one; the tests, one per database): run as a plain LINQ query, every
    /// turn rebuilt the expression tree, compiled a delegate to evaluate its captured context and hashed the tree to find
    /// the cached SQL, about a third of the read's CPU. A compiled query keeps the SQL of the first model it ran on.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Func<SpecsDb, Guid, Guid, CancellationToken, Task<OpenRead?>>> ReadOpen = [];

    private static Func<SpecsDb, Guid, Guid, CancellationToken, Task<OpenRead?>> CompileReadOpen(IModel _) => EF.CompileAsyncQuery(
        (SpecsDb db, Guid projectId, Guid conversationId, CancellationToken ct) => (
                // A join on the key: written as a subquery (Projects.Single(...)), EF numbered every project's row to pick one.
                from c in db.Set<Conversation>().AsNoTracking()
                join p in db.Projects.AsNoTracking() on c.ProjectId equals p.Id
                where c.Id == conversationId && c.ProjectId == projectId
                select new OpenRead(c, p, db.Set<ConversationMessage>().Where(m => m.ConversationId == c.Id).OrderBy(m => m.Seq)
                    .Select(m => new MessageLine(m.Seq, m.Role, m.Content)).ToList()))
            .SingleOrDefault());

    /// <summary>
    /// The conversation with its messages and its project's row, in one query: a turn reads nothing else of the
    /// conversation, places its messages from what this read, and builds its context from this project row. Each round
    /// trip saved is a good part of a turn's own time.
    /// </summary>
    public async Task<OpenConversation?> OpenAsync(Guid projectId, Guid conversationId, CancellationToken ct)
    {
        var found = await ReadOpen.GetValue(db.Model, CompileReadOpen)(db, projectId, conversationId, ct);
        if (found is null)
        {
            return null;
        }

        var last = found.Messages.LastOrDefault();
        // A last message that is a user's still without its reply (its call running, or failed) keeps the place after
        // it for that reply: a reply arriving late then never takes the place of the next turn's message.
        var next = last is null ? 1 : last.Seq + (last.Role == MessageRoles.User ? 2 : 1);
        return new OpenConversation(found.Conversation, [.. found.Messages.Select(m => new HistoryMessage(m.Role, m.Content))], next, found.Project);
    }

    /// <summary>Places a turn's user message after the messages <see cref="OpenAsync"/> read (see <see cref="KeepTurnMessageAsync"/>).</summary>
    public void PlaceTurnMessage(OpenConversation open, ConversationMessage message)
    {
        Place(open.Conversation, message);
        message.Seq = open.NextSeq;
    }

    /// <summary>
    /// Writes a turn's user message at its place, on a context and connection of its own, so that the model can be
    /// called while it is written: a turn's own time then waits for one write, its reply, instead of two. If another
    /// turn that read the conversation at the same moment took the place first, the write fails with 409 and nothing of
    /// this turn is kept; the caller cancels its call.
    /// </summary>
    public Task KeepTurnMessageAsync(Conversation conversation, ConversationMessage message, CancellationToken ct) =>
        // On a thread of its own: Microsoft.Data.Sqlite writes and flushes without a single wait, so called inline the
        // write would hold up the call it runs beside. The conversation's row is read there safely: a turn places its
        // reply only once this write is done.
        Task.Run(() => SaveTurnMessageAsync(conversation, message, ct), CancellationToken.None);

    private async Task SaveTurnMessageAsync(Conversation conversation, ConversationMessage message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        try
        {
            await new RowWrites(own).Insert([message]).Update(conversation, nameof(Conversation.UpdatedAt)).ExecuteAsync(ct);
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Conflict",
                await AnsweredElsewhereAsync(own, message, ct) ? AlreadyAnswered : BeingAnswered);
        }
        catch (DbException e) when (e.IsForeignKeyViolation())
        {
            throw Deleted(message.ConversationId);
        }
    }

    /// <summary>
    /// Appends a turn's reply with its proposals in one transaction, at <paramref name="place"/> (right after its user's
    /// message) or, if a message took it, at the next free one. Written without EF's change tracking and update pipeline,
    /// which cost more than the database's work: the reply's write is the larger part of what a turn adds to its call.
    /// </summary>
    public async Task AppendReplyAsync(Conversation conversation, ConversationMessage message, IReadOnlyList<Proposal> proposals, int place)
    {
        Place(conversation, message);
        for (var attempt = 1; ; attempt++)
        {
            message.Seq = attempt == 1 ? place : await NextSeqAsync(conversation, CancellationToken.None);
            try
            {
                await new RowWrites(db).Insert([message]).Insert(proposals).Update(conversation, nameof(Conversation.UpdatedAt))
                    .ExecuteAsync(CancellationToken.None);
                return;
            }
            catch (DbException e) when (e.IsUniqueViolation() && attempt < SeqAttempts)
            {
                // Another message took the place; try the next free one.
            }
            catch (DbException e) when (e.IsForeignKeyViolation())
            {
                throw Deleted(conversation.Id);
            }
        }
    }

    /// <summary>
    /// Appends a message (with whatever else the context tracks, such as the specification an answer sets) in one save,
    /// at the next place in the conversation; a message added by a concurrent request at the same place moves this one
    /// after it.
    /// </summary>
    public async Task<ConversationMessage> AppendAsync(Conversation conversation, ConversationMessage message, CancellationToken ct)
    {
        // Tracked from here, not when it is read: a turn writes without EF's change tracking, and attaching cost it more
        // than the rest of the read's own code.
        if (db.Entry(conversation).State == EntityState.Detached)
        {
            db.Attach(conversation);
        }

        Place(conversation, message);
        db.Add(message);
        for (var attempt = 1; ; attempt++)
        {
            message.Seq = await NextSeqAsync(conversation, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return message;
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && attempt < SeqAttempts)
            {
                // Two answers to one question clash on AnswersId, and no other place in the conversation would help.
                if (await AnsweredElsewhereAsync(db, message, ct))
                {
                    throw new ProblemException(StatusCodes.Status409Conflict, "Conflict", AlreadyAnswered);
                }

                // Otherwise another message took the place; the tracked changes are still pending, try the next one.
            }
            catch (DbUpdateException e) when (e.IsForeignKeyViolation())
            {
                throw Deleted(conversation.Id);
            }
        }
    }

    private async Task<int> NextSeqAsync(Conversation conversation, CancellationToken ct) =>
        1 + (await db.Set<ConversationMessage>().Where(m => m.ConversationId == conversation.Id).MaxAsync(m => (int?)m.Seq, ct) ?? 0);

    public const string AlreadyAnswered = "This question has already been answered; ask the next one with POST .../questions/next.";

    public const string BeingAnswered =
        "Another message of this conversation was sent at the same moment and is being answered; nothing was saved of yours. Send it again once that reply is in.";

    private void Place(Conversation conversation, ConversationMessage message)
    {
        message.Id = message.Id == Guid.Empty ? Guid.CreateVersion7() : message.Id;
        message.ConversationId = conversation.Id;
        message.CreatedAt = Now;
        conversation.UpdatedAt = message.CreatedAt;
    }

    private static async Task<bool> AnsweredElsewhereAsync(SpecsDb db, ConversationMessage message, CancellationToken ct) =>
        message.AnswersId is { } question && await db.Set<ConversationMessage>().AnyAsync(m => m.AnswersId == question && m.Id != message.Id, ct);

    private static ProblemException Deleted(Guid conversationId) => new(StatusCodes.Status404NotFound, "Not Found",
        $"Conversation {conversationId} was deleted while the message was being added; nothing was saved.");

    /// <summary>Every proposal the conversation's messages made, by message.</summary>
    public async Task<ILookup<Guid, ProposalResponse>> ProposalsByMessageAsync(Guid projectId, Guid conversationId, CancellationToken ct)
    {
        var proposals = await db.Set<Proposal>().AsNoTracking()
            .Where(p => p.ProjectId == projectId && db.Set<ConversationMessage>().Any(m => m.Id == p.MessageId && m.ConversationId == conversationId))
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .ToListAsync(ct);
        return (await db.ViewAsync(projectId, proposals, ct)).ToLookup(p => p.MessageId);
    }
}
