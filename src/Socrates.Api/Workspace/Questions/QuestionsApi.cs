using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;
using Socrates.Api.Workspace.Conversations;

namespace Socrates.Api.Workspace.Questions;

/// <summary>The next best question about a project, and its answer: an option stores a specification, free text goes to the model.</summary>
public static class QuestionsApi
{
    public static IEndpointRouteBuilder MapQuestions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects/{projectId:guid}/questions").WithTags("Workspace").RequireAuthorization()
            .ProducesProjectProblems();
        group.MapPost("/next", Next).WithName("NextQuestion")
            .WithSummary("Asks about the least certain core category: the model's question, or a built-in one when no model can be called.")
            .WithDescription("An optional body names the conversation to ask in; without one a conversation is started.")
            .ProducesBodyProblems().ProducesModelProblems();
        group.MapPost("/{messageId:guid}/answer", Answer).WithName("AnswerQuestion")
            .WithSummary("Answers a question: an option stores its specification without a model call; free text is a conversation turn.")
            .ProducesBodyProblems().ProducesModelProblems();
        return routes;
    }

    internal static async Task<Results<Ok<NextQuestionResponse>, ProblemHttpResult>> Next(
        Guid projectId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] NextQuestionRequest? request, ClaimsPrincipal user,
        CallSettingsCache lookups, NextQuestions questions, CancellationToken ct)
    {
        var project = await lookups.FindOwnedForCallAsync(projectId, user.Id(), ct);
        return project is null
            ? Problems.ProjectNotFound(projectId)
            : TypedResults.Ok(await questions.AskAsync(user.Id(), project, request?.ConversationId, ct));
    }

    internal static async Task<Results<Ok<OptionAnswer>, Ok<TurnResponse>, ValidationProblem, ProblemHttpResult>> Answer(
        Guid projectId, Guid messageId, AnswerRequest request, ClaimsPrincipal user, SpecsDb db, CallSettingsCache lookups, ConversationStore store,
        ConversationTurns turns, CancellationToken ct)
    {
        var project = await lookups.FindOwnedForCallAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var asked = await db.Set<ConversationMessage>().AsNoTracking()
            .Where(m => m.Id == messageId && m.Question != null && db.Set<Conversation>().Any(c => c.Id == m.ConversationId && c.ProjectId == projectId))
            .FirstOrDefaultAsync(ct);
        if (asked is null)
        {
            return Problems.NotFound($"Project {projectId} has no question with message id {messageId}.");
        }

        if (await db.Set<ConversationMessage>().AnyAsync(m => m.AnswersId == messageId, ct))
        {
            return Problems.Conflict(ConversationStore.AlreadyAnswered);
        }

        var question = StoredQuestion.FromJson(asked.Question!);
        var conversation = (await store.OpenAsync(projectId, asked.ConversationId, ct))!;
        if (request.Text is { } text)
        {
            var turn = await turns.PrepareAsync(user.Id(), project, conversation, text, messageId, ct);
            return TypedResults.Ok((await turns.CompleteAsync(turn, ct)).Turn);
        }

        if (request.Option is not { } option || option < 0 || option >= question.Options.Count)
        {
            return Problems.Invalid("option", question.Options.Count == 0
                ? "This question takes a free answer: send 'text'."
                : $"'option' must be between 0 and {question.Options.Count - 1} (got {request.Option}).");
        }

        return TypedResults.Ok(await PickAsync(db, store, conversation.Conversation, asked, question, option, ct));
    }

    /// <summary>The picked option becomes the user's answer and the specification it names, in one transaction, with no model call.</summary>
    private static async Task<OptionAnswer> PickAsync(
        SpecsDb db, ConversationStore store, Conversation conversation, ConversationMessage asked, StoredQuestion question, int option, CancellationToken ct)
    {
        var picked = question.Options[option];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var before = await Maturity.ForProjectAsync(db, conversation.ProjectId, ct);
        var spec = await db.SetAsync(conversation.ProjectId, question.Category, question.Key, picked.Value, 1.0, SpecificationSources.User, store.Now, ct);
        var answer = await store.AppendAsync(conversation,
            new ConversationMessage { Role = MessageRoles.User, Content = picked.Label, AnswersId = asked.Id }, ct);
        var after = await Maturity.ForProjectAsync(db, conversation.ProjectId, ct);
        await transaction.CommitAsync(ct);
        return new OptionAnswer(conversation.Id, MessageResponse.From(answer), SpecificationResponse.From(spec), before, after);
    }
}
