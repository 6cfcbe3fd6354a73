using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using Socrates.Api.Auth;
using Socrates.Api.Gateway.Limits;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Tokens;

namespace Socrates.Api.Gateway;

/// <summary>
/// OpenAI's chat completions and models endpoints, so any OpenAI client can use Socrates by changing its base URL and
/// API key (a personal access token). Calls go through the same <see cref="ChatRouter"/> as the project chat: the
/// caller's provider keys, budgets, retries, fallbacks, a usage row per attempt, Server-Timing.
/// </summary>
public static class GatewayApi
{
    public const string Prefix = "/v1";

    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("OpenAI-compatible").RequireAuthorization(TokensSetup.GatewayPolicy);
        group.MapPost("/chat/completions", ChatCompletions).WithName("CreateChatCompletion")
            .WithSummary("Chat with a model, in OpenAI's wire format")
            .WithDescription("Authenticated by a personal access token (Authorization: Bearer sk-soc-…), whose project pays and is recorded. " +
                "'model' is 'provider/model' from GET /v1/models, or 'default' for the project's model with its fallbacks. " +
                "With 'stream': true the answer is OpenAI's server-sent events ending in 'data: [DONE]'; " +
                "'stream_options': {'include_usage': true} adds a last chunk with the usage. Errors use OpenAI's {\"error\": {…}} shape.")
            .Produces<ChatCompletion>().ProducesEventStream<ChatCompletionChunk>()
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorBody>(StatusCodes.Status403Forbidden)
            .Produces<OpenAiErrorBody>(StatusCodes.Status402PaymentRequired)
            .Produces<OpenAiErrorBody>(StatusCodes.Status404NotFound)
            .Produces<OpenAiErrorBody>(StatusCodes.Status409Conflict)
            .Produces<OpenAiErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<OpenAiErrorBody>(StatusCodes.Status502BadGateway)
            .Produces<OpenAiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .Produces<OpenAiErrorBody>(StatusCodes.Status504GatewayTimeout);
        group.MapGet("/models", Models).WithName("ListOpenAiModels")
            .WithSummary("The models a token can ask for, in OpenAI's list shape")
            .WithDescription("Every catalogue model as 'provider/model', and 'default' (the token's project's model with its fallbacks).")
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorBody>(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Results<Ok<ChatCompletion>, OpenAiStream, ValidationProblem, ProblemHttpResult>> ChatCompletions(
        ChatCompletionRequest request, ClaimsPrincipal user, HttpContext http, CallSettingsCache lookups, ChatRouter router, ModelCatalogue catalogue,
        TokenLimits limits, TimeProvider time, CancellationToken ct)
    {
        var validation = request.Validate();
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var grant = http.Features.GetRequiredFeature<TokenGrant>();
        var project = await lookups.FindOwnedForCallAsync(grant.ProjectId, grant.UserId, ct);
        if (project is null)
        {
            return Problems.NotFound($"The token's project {grant.ProjectId} no longer exists. Create a token for another project with POST /api/v1/tokens.");
        }

        if (request.Model != Completions.DefaultModel)
        {
            if (ModelOf(request.Model!, catalogue) is not { } route)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found",
                    detail: $"The model '{request.Model}' does not exist. Use 'default' (the project's model) or one of GET /v1/models, e.g. 'claude/claude-sonnet-4-5'.",
                    extensions: new Dictionary<string, object?> { ["code"] = "model_not_found" });
            }

            project = project with { Settings = project.Settings with { Provider = route.Provider, Model = route.Model, Fallbacks = [] } };
        }

        var messages = request.Messages!.Select(m => new ChatMessage(new ChatRole(m.ChatRole), m.Text())).ToList();
        var options = new ChatOptions
        {
            MaxOutputTokens = request.MaxCompletionTokens ?? request.MaxTokens,
            Temperature = (float?)request.Temperature,
            TopP = (float?)request.TopP,
            StopSequences = request.StopSequences() is { Count: > 0 } stop ? [.. stop] : null,
        };

        var (permit, refusal) = await limits.AcquireAsync(grant, http.Response, ct);
        if (permit is null)
        {
            return refusal!;
        }

        var call = await router.PrepareAsync(user.Id(), project, messages, options, ct);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Stream != true)
        {
            var result = await router.CompleteAsync(call, ct);
            permit.Spent(result.Tokens);
            var total = time.GetElapsedTime(http.Features.GetRequiredFeature<RequestStart>().Timestamp);
            http.Response.Headers["Server-Timing"] = CallsApi.ServerTiming(result.ProviderTime, total);
            return TypedResults.Ok(new ChatCompletion(Completions.NewId(), "chat.completion", created, Completions.ModelName(result.Target),
                [new CompletionChoice(0, new CompletionMessage("assistant", result.Text), Completions.FinishReason(result.FinishReason))],
                CompletionUsage.From(result.Tokens)));
        }

        var stream = await router.StartStreamAsync(call, ct);
        return new OpenAiStream(stream, request.StreamOptions?.IncludeUsage == true, created, permit);
    }

    /// <summary>"provider/model" split at the first slash (model ids may have slashes of their own), if the catalogue has it.</summary>
    private static ChatRoute? ModelOf(string name, ModelCatalogue catalogue)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && catalogue.Find(name[..slash], name[(slash + 1)..]) is { } model ? new ChatRoute(model.Provider, model.Id) : null;
    }

    private static Ok<OpenAiModelList> Models(ModelCatalogue catalogue) => TypedResults.Ok(new OpenAiModelList("list",
        [new OpenAiModel(Completions.DefaultModel, "model", 0, "socrates"), .. catalogue.Models.Select(m => new OpenAiModel($"{m.Provider}/{m.Id}", "model", 0, m.Provider))]));
}
