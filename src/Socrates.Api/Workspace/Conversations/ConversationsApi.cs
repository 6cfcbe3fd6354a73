using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Workspace.Conversations;

/// <summary>Kept conversations about a project, whose every turn sends the model the project as its context.</summary>
public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects/{projectId:guid}/conversations").WithTags("Workspace").RequireAuthorization()
            .ProducesProjectProblems();
        group.MapPost("/", Create).WithName("CreateConversation").WithSummary("Starts a conversation about the project.")
            .ProducesBodyProblems();
        group.MapGet("/", List).WithName("ListConversations").WithSummary("The project's conversations, newest first.")
            .ProducesValidationProblem();
        group.MapGet("/{conversationId:guid}", Get).WithName("GetConversation").WithSummary("A conversation with its messages in order.");
        group.MapDelete("/{conversationId:guid}", Delete).WithName("DeleteConversation").WithSummary("Deletes a conversation with its messages.");
        group.MapPost("/{conversationId:guid}/messages", Send).WithName("SendConversationMessage")
            .WithSummary("Sends the user's message; answers with the assistant's stored message and its proposals (JSON, or SSE with stream: true).")
            .WithDescription("The model reads the project's specifications, documents and the conversation so far. Proposals it makes wait " +
                "for POST …/proposals/{id}/accept. 409 while another message of the same conversation is being answered.")
            .Produces<TurnResponse>().ProducesEventStream<StreamText>()
            .ProducesBodyProblems().ProducesModelProblems()
            .WithExample(new SendMessageRequest("Users sign in with their Google account; no passwords of our own.", false));
        return routes;
    }

    private static async Task<Results<Created<ConversationSummary>, ProblemHttpResult>> Create(
        Guid projectId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateConversationRequest? request,
        ClaimsPrincipal user, SpecsDb db, ConversationStore store, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var title = request?.Title is { } t ? TextRules.Trim(t) : CreateConversationRequest.DefaultTitle;
        var conversation = await store.CreateAsync(projectId, title, ct);
        return TypedResults.Created($"/api/v1/projects/{projectId}/conversations/{conversation.Id}", ConversationSummary.From(conversation));
    }

    private static async Task<Results<Ok<PagedList<ConversationSummary>>, ValidationProblem, ProblemHttpResult>> List(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct, int page = 1, int page_size = Paging.DefaultPageSize)
    {
        var validation = new Validator().CheckPaging(page, page_size);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var all = db.Set<Conversation>().AsNoTracking().Where(c => c.ProjectId == projectId);
        var total = await all.CountAsync(ct);
        var items = await all.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * page_size).Take(page_size).ToListAsync(ct);
        return TypedResults.Ok(new PagedList<ConversationSummary>([.. items.Select(ConversationSummary.From)], page, page_size, total));
    }

    private static async Task<Results<Ok<ConversationResponse>, ProblemHttpResult>> Get(
        Guid projectId, Guid conversationId, ClaimsPrincipal user, SpecsDb db, ConversationStore store, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var conversation = await store.FindAsync(projectId, conversationId, ct);
        if (conversation is null)
        {
            return ConversationNotFound(projectId, conversationId);
        }

        var messages = await store.MessagesAsync(conversationId, ct);
        var proposals = await store.ProposalsByMessageAsync(projectId, conversationId, ct);
        return TypedResults.Ok(new ConversationResponse(conversation.Id, projectId, conversation.Title, conversation.CreatedAt, conversation.UpdatedAt,
            [.. messages.Select(m => MessageResponse.From(m, [.. proposals[m.Id]]))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid projectId, Guid conversationId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        // One statement: a concurrent delete of the same conversation finds nothing and answers 404, never 500.
        var deleted = await db.Set<Conversation>().Where(c => c.Id == conversationId && c.ProjectId == projectId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? ConversationNotFound(projectId, conversationId) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TurnResponse>, ServerSentEventsResult<object>, ProblemHttpResult>> Send(
        Guid projectId, Guid conversationId, SendMessageRequest request, ClaimsPrincipal user, CallSettingsCache lookups, ConversationStore store,
        ConversationTurns turns, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        var project = await lookups.FindOwnedForCallAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var conversation = await store.OpenAsync(projectId, conversationId, ct);
        if (conversation is null)
        {
            return ConversationNotFound(projectId, conversationId);
        }

        var turn = await turns.PrepareAsync(user.Id(), project, conversation, request.Content!, null, ct);
        if (request.Stream == true)
        {
            return TypedResults.ServerSentEvents(StreamAsync(turns, turn, await turns.StartStreamAsync(turn, ct), ct));
        }

        var (result, providerTime) = await turns.CompleteAsync(turn, ct);
        var total = time.GetElapsedTime(response.HttpContext.Features.GetRequiredFeature<RequestStart>().Timestamp);
        response.Headers["Server-Timing"] = CallsApi.ServerTiming(providerTime, total);
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// "delta" events carry the reply's text as it arrives (not the JSON it is wrapped in); then one "message" event with
    /// the stored assistant message and its proposals, or an "error" event; then "usage".
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(
        ConversationTurns turns, PreparedTurn turn, ChatStreaming stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var text = new StringBuilder();
        var reply = new StreamedReplyText();
        await foreach (var e in stream.ReadAsync(ct))
        {
            switch (e)
            {
                case StreamDelta delta:
                    text.Append(delta.Text);
                    if (reply.Push(delta.Text) is { Length: > 0 } shown)
                    {
                        yield return new SseItem<object>(new StreamText(shown), "delta");
                    }

                    break;
                case StreamEnd { Problem: { } p } end:
                    var kept = ConversationTurns.Kept(p, turn.UserMessage);
                    yield return new SseItem<object>(new TurnStreamError(
                        kept.Status, kept.Title, kept.Detail, end.Target.Provider, p.Extensions.GetValueOrDefault("error_kind") as string, turn.UserMessage.Id), "error");
                    yield return new SseItem<object>(ChatUsage.From(end.Target, end.Tokens, end.CostNanos), "usage");
                    break;
                case StreamEnd end:
                    var stored = await turns.StoreReplyAsync(turn, text.ToString(), end.Target, end.Tokens, end.CostNanos);
                    yield return new SseItem<object>(stored, "message");
                    yield return new SseItem<object>(stored.Usage, "usage");
                    break;
            }
        }
    }

    internal static ProblemHttpResult ConversationNotFound(Guid projectId, Guid conversationId) =>
        Problems.NotFound(ConversationStore.NotFoundDetail(projectId, conversationId));
}
