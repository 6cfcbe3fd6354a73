using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;
using Socrates.Api.Workspace.Conversations;
using Socrates.Api.Workspace.Questions;

namespace Socrates.Api.Export;

/// <summary>The project's clarifications log, read from its conversations: each question asked, and its answer.</summary>
public static class Clarifications
{
    public static async Task<List<ExportedClarification>> LoadAsync(SpecsDb db, Guid projectId, CancellationToken ct)
    {
        var messages = db.Set<ConversationMessage>().AsNoTracking()
            .Where(m => db.Set<Conversation>().Any(c => c.Id == m.ConversationId && c.ProjectId == projectId));
        var asked = await messages.Where(m => m.Question != null).Select(m => new { m.Id, m.Question, m.CreatedAt, m.ConversationId, m.Seq }).ToListAsync(ct);
        if (asked.Count == 0)
        {
            return [];
        }

        var answers = await messages.Where(m => m.AnswersId != null).ToDictionaryAsync(m => m.AnswersId!.Value, ct);
        return [.. asked.OrderBy(q => q.CreatedAt).ThenBy(q => q.ConversationId).ThenBy(q => q.Seq).Select(q =>
        {
            var question = StoredQuestion.FromJson(q.Question!);
            var answer = answers.GetValueOrDefault(q.Id);
            return new ExportedClarification(question.Category, question.Key, question.Question, answer?.Content, q.CreatedAt, answer?.CreatedAt);
        })];
    }
}
