using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm.Calls;

/// <summary>A project's model choice and its chat with that model.</summary>
public static class CallsApi
{
    public static IEndpointRouteBuilder MapLlmCalls(this IEndpointRouteBuilder routes)
    {
        var projects = routes.MapGroup("/api/v1/projects/{projectId:guid}").WithTags("LLM").RequireAuthorization();
        projects.MapPost("/set-llm", SetLlm).WithName("SetProjectLlm");
        projects.MapPost("/chat", Chat).WithName("Chat");
        return routes;
    }

    private static async Task<Results<Ok<ProjectLlmResponse>, ValidationProblem, ProblemHttpResult>> SetLlm(
        Guid projectId, SetLlmRequest request, ClaimsPrincipal user, SpecsDb db, ModelCatalogue catalogue, CallSettingsCache lookups, TimeProvider time,
        CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var validation = request.Validate(catalogue, out var fallbacks);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        project.LlmProvider = request.Provider;
        project.LlmModel = request.Model;
        project.LlmFallbacks = ProjectLlm.Serialize(fallbacks);
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await lookups.ForgetProjectAsync(projectId);
        return TypedResults.Ok(new ProjectLlmResponse(project.Id, request.Provider!, request.Model!, false, fallbacks));
    }

    private static async Task<Results<Ok<ChatReply>, ServerSentEventsResult<object>, ProblemHttpResult>> Chat(
        Guid projectId, ChatRequest request, ClaimsPrincipal user, CallSettingsCache lookups, ChatRouter router, TimeProvider time, HttpResponse response,
        CancellationToken ct)
    {
        var project = await lookups.FindOwnedForCallAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var messages = request.Messages!.Select(m => new ChatMessage(new ChatRole(m.Role!), m.Content)).ToList();
        var options = new ChatOptions { MaxOutputTokens = request.MaxTokens, Temperature = (float?)request.Temperature };
        var call = await router.PrepareAsync(user.Id(), project, messages, options, ct);
        if (request.Stream != true)
        {
            var result = await router.CompleteAsync(call, ct);
            var total = time.GetElapsedTime(response.HttpContext.Features.GetRequiredFeature<RequestStart>().Timestamp);
            response.Headers["Server-Timing"] = ServerTiming(result.ProviderTime, total);
            return TypedResults.Ok(ChatReply.From(result));
        }

        return TypedResults.ServerSentEvents(ToSse(await router.StartStreamAsync(call, ct), ct));
    }

    /// <summary>
    /// W3C Server-Timing: the time the call waited on providers, and the time Socrates held the request in all, so a
    /// client can tell the model's time (provider), Socrates' own (total minus provider) and the network's (its
    /// response time minus total) apart.
    /// </summary>
    internal static string ServerTiming(TimeSpan provider, TimeSpan total) =>
        string.Create(CultureInfo.InvariantCulture, $"provider;dur={provider.TotalMilliseconds:0.###}, total;dur={total.TotalMilliseconds:0.###}");

    /// <summary>"delta" events carry text; the last event is "usage" (tokens and cost) or "error" (a ProblemDetails-like body).</summary>
    private static async IAsyncEnumerable<SseItem<object>> ToSse(ChatStreaming stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in stream.ReadAsync(ct))
        {
            switch (e)
            {
                case StreamDelta delta:
                    yield return new SseItem<object>(new StreamText(delta.Text), "delta");
                    break;
                case StreamEnd { Problem: { } p } end:
                    yield return new SseItem<object>(
                        new StreamError(p.Status, p.Title, p.Detail, end.Target.Provider, p.Extensions.GetValueOrDefault("error_kind") as string), "error");
                    yield return new SseItem<object>(ChatUsage.From(end.Target, end.Tokens, end.CostNanos), "usage");
                    break;
                case StreamEnd end:
                    yield return new SseItem<object>(ChatUsage.From(end.Target, end.Tokens, end.CostNanos), "usage");
                    break;
            }
        }
    }
}
