using Microsoft.EntityFrameworkCore;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Workspace.Conversations;

namespace Socrates.Api.Workspace.Questions;

/// <summary>
/// Asks the next best question, as spec-kit's clarify step does: about the core category with the lowest
/// confidence (ties in <see cref="Maturity.CoreCategories"/>' order), one at a time (an unanswered question is asked
/// again rather than a new one), at most <see cref="MaxPerConversation"/> per conversation. The project's model writes
/// it; when no model can be called, or its answer is not a usable question, a built-in question is asked instead.
/// </summary>
public sealed class NextQuestions(SpecsDb db, ConversationStore store, WorkspaceCalls calls, ChatRouter router, BuiltinQuestions builtin)
{
    public const int MaxPerConversation = 5;

    public const string ConversationTitle = "Clarifications";

    public async Task<NextQuestionResponse> AskAsync(Guid userId, ProjectForCall project, Guid? conversationId, CancellationToken ct)
    {
        var projectId = project.Settings.ProjectId;
        var conversation = conversationId is { } id
            ? await store.GetAsync(projectId, id, ct)
            : await store.CreateAsync(projectId, ConversationTitle, ct);
        var messages = await store.MessagesAsync(conversation.Id, ct);
        var asked = messages.Where(m => m.Question is not null).ToList();
        if (asked.FirstOrDefault(q => !messages.Any(m => m.AnswersId == q.Id)) is { } open)
        {
            return NextQuestionResponse.From(conversation.Id, open.Id, StoredQuestion.FromJson(open.Question!), []);
        }

        if (asked.Count >= MaxPerConversation)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Conflict",
                $"This conversation has asked its {MaxPerConversation} questions. Start a new one: POST /api/v1/projects/{projectId}/questions/next without a conversation_id.");
        }

        var maturity = await MaturityReport.ForProjectAsync(db, projectId, ct);
        var category = maturity.LeastCertain;
        var taken = (await db.Specifications.Where(s => s.ProjectId == projectId && s.Category == category).Select(s => s.Key).ToListAsync(ct))
            .Concat(asked.Select(m => StoredQuestion.FromJson(m.Question!)).Where(q => q.Category == category).Select(q => q.Key))
            .ToHashSet();

        var message = new ConversationMessage { Role = MessageRoles.Assistant, Content = "" };
        var warnings = new List<string>();
        StoredQuestion? question = null;
        try
        {
            var status = maturity.Categories.First(c => c.Category == category).Status;
            var history = messages.Select(m => new Context.HistoryMessage(m.Role, m.Content)).ToList();
            var prepared = await calls.PrepareAsync(
                userId, project, conversation.Id, WorkspacePrompts.Question(category, status), WorkspacePrompts.QuestionFormat, history, null,
                category.Replace('_', ' '), null, ct);
            var result = await router.CompleteAsync(prepared.Call, ct);
            (message.Provider, message.Model) = (result.Target.Provider, result.Target.Model);
            (message.InputTokens, message.OutputTokens, message.CostNanos) = (result.Tokens.Input, result.Tokens.Output, result.CostNanos);
            question = QuestionReply.Parse(result.Text, category);
            if (question is null)
            {
                warnings.Add("The model's answer was not a usable question; a built-in question is asked instead.");
            }
        }
        catch (ProblemException e) when (e.Status != StatusCodes.Status404NotFound)
        {
            warnings.Add($"A built-in question is asked because the project's model could not be called: {e.Detail}");
        }

        question ??= builtin.For(category, taken);
        message.Content = question.AsText();
        message.Question = question.ToJson();
        await store.AppendAsync(conversation, message, CancellationToken.None);
        return NextQuestionResponse.From(conversation.Id, message.Id, question, warnings);
    }
}
