using Microsoft.EntityFrameworkCore;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Workspace.Context;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Workspace.Conversations;

/// <summary>Reads and writes a project's conversations; every read is scoped to the project the caller owns.</summary>
public sealed class ConversationStore(SpecsDb db, TimeProvider time)
{
    /// <summary>Tries at a message's place in a conversation when others are added at the same moment.</summary>
    private const int SeqAttempts = 5;

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<Conversation?> FindAsync(Guid projectId, Guid conversationId, CancellationToken ct) =>
        db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId && c.ProjectId == projectId, ct);

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

    public async Task<List<HistoryMessage>> HistoryAsync(Guid conversationId, CancellationToken ct) =>
        [.. (await MessagesAsync(conversationId, ct)).Select(m => new HistoryMessage(m.Role, m.Content))];

    /// <summary>
    /// Appends a message (and whatever else is tracked, such as its proposals) in one transaction, at the next place in
    /// the conversation; a message added by a concurrent request at the same place moves this one after it.
    /// </summary>
    public async Task<ConversationMessage> AppendAsync(Conversation conversation, ConversationMessage message, CancellationToken ct)
    {
        message.Id = message.Id == Guid.Empty ? Guid.CreateVersion7() : message.Id;
        message.ConversationId = conversation.Id;
        message.CreatedAt = Now;
        db.Add(message);
        conversation.UpdatedAt = message.CreatedAt;
        for (var attempt = 1; ; attempt++)
        {
            message.Seq = 1 + (await db.Set<ConversationMessage>().Where(m => m.ConversationId == conversation.Id).MaxAsync(m => (int?)m.Seq, ct) ?? 0);
            try
            {
                await db.SaveChangesAsync(ct);
                return message;
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && attempt < SeqAttempts)
            {
                // Another message took the place; the tracked changes are still pending, try the next one.
            }
            catch (DbUpdateException e) when (e.IsForeignKeyViolation())
            {
                throw new ProblemException(StatusCodes.Status404NotFound, "Not Found",
                    $"Conversation {conversation.Id} was deleted while the message was being added; nothing was saved.");
            }
        }
    }

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
