using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Socrates.Api.Auth;

namespace Socrates.Api.Llm;

/// <summary>What the caller can call: the catalogue's providers and models with prices, and whether each is usable for them.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapLlmProviders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/llm/providers").WithTags("LLM").RequireAuthorization();
        group.MapGet("/", List).WithName("ListLlmProviders");
        return routes;
    }

    private static async Task<Ok<ProviderList>> List(
        ClaimsPrincipal user, ModelCatalogue catalogue, IOptions<LlmOptions> options, ApiKeyStore keys, CancellationToken ct)
    {
        // Only keys that still decrypt count: an unreadable one would fail the call it was meant for.
        var stored = (await keys.ListAsync(user.Id(), ct)).Where(k => k.Readable).Select(k => k.Key.Provider).ToHashSet();
        var providers = catalogue.Providers
            .Select(p => Describe(p, options.Value.For(p.Id), stored.Contains(p.Id), catalogue.ModelsOf(p.Id)))
            .ToList();
        return TypedResults.Ok(new ProviderList(providers));
    }

    private static ProviderResponse Describe(ProviderInfo provider, LlmProviderSettings settings, bool hasUserKey, IEnumerable<ModelInfo> models)
    {
        // The system key is only ever tested for presence here; its value never reaches a response.
        var keySource = hasUserKey ? "user" : !string.IsNullOrWhiteSpace(settings.ApiKey) ? "system" : null;
        var (usable, reason) = provider.NeedsApiKey
            ? (keySource is not null, keySource is null
                ? $"No API key: add yours with POST /api/v1/llm/api-keys {{\"provider\": \"{provider.Id}\", \"api_key\": \"...\"}}."
                : null)
            : (settings.BaseUrl is not null, settings.BaseUrl is null
                ? $"No server configured: set Llm:Providers:{provider.Id}:BaseUrl to the local model server's address."
                : null);
        return new ProviderResponse(
            provider.Id, provider.DisplayName, provider.NeedsApiKey, usable, keySource, reason, [.. models.Select(ModelResponse.From)]);
    }
}
