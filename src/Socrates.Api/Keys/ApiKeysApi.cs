using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Auth;
using Socrates.Api.Http;

namespace Socrates.Api.Keys;

/// <summary>The caller's own provider keys: stored encrypted, shown masked, never returned in clear.</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/llm/api-keys").WithTags("LLM").RequireAuthorization().ProducesSignedInProblems();
        group.MapPost("/", Add).WithName("AddApiKey").WithSummary("Store a provider API key of yours")
            .WithDescription("Encrypted at rest; only a mask is ever shown again. Your key is used before the server's for that provider.")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListApiKeys").WithSummary("Your provider API keys, masked");
        group.MapGet("/{keyId:guid}", Get).WithName("GetApiKey").WithSummary("One provider API key, masked")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{keyId:guid}", Delete).WithName("DeleteApiKey").WithSummary("Delete a provider API key")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Created<ApiKeyResponse>, ValidationProblem>> Add(
        AddApiKeyRequest request, ClaimsPrincipal user, ApiKeyStore keys, KeyProviders providers, CancellationToken ct)
    {
        // Not IValidatable: which providers exist is the server's configuration, not the request's.
        var validation = request.Validate(providers.Ids);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var key = await keys.AddAsync(user.Id(), request, ct);
        return TypedResults.Created($"/api/v1/llm/api-keys/{key.Id}", ApiKeyResponse.From(new StoredApiKey(key, Readable: true)));
    }

    private static async Task<Ok<ApiKeyList>> List(ClaimsPrincipal user, ApiKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok(new ApiKeyList([.. (await keys.ListAsync(user.Id(), ct)).Select(ApiKeyResponse.From)]));

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> Get(
        Guid keyId, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken ct) =>
        await keys.GetAsync(user.Id(), keyId, ct) switch
        {
            { } stored => TypedResults.Ok(ApiKeyResponse.From(stored)),
            null => KeyNotFound(keyId),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid keyId, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken ct) =>
        await keys.DeleteAsync(user.Id(), keyId, ct) ? TypedResults.NoContent() : KeyNotFound(keyId);

    private static ProblemHttpResult KeyNotFound(Guid keyId) =>
        Problems.NotFound($"No API key with id {keyId} exists, or it belongs to another user. GET /api/v1/llm/api-keys lists yours.");
}
