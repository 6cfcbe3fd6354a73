using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Socrates.Api.Auth;
using Socrates.Api.Keys;
using Socrates.Api.Http;

namespace Socrates.Api.Llm.Providers;

/// <summary>What the caller can call: the catalogue's providers and models with prices, and whether each is usable for them.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapLlmProviders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/llm/providers").WithTags("LLM").RequireAuthorization();
        group.MapGet("/", List).WithName("ListLlmProviders").WithSummary("The providers and models you can use, with prices")
            .WithDescription("Whether each provider is usable for you (a key of yours or the server's) and every catalogue model.")
            .ProducesSignedInProblems();
        return routes;
    }

    internal static async Task<Ok<ProviderList>> List(
        ClaimsPrincipal user, ModelCatalogue catalogue, LlmProviders providers, IOptions<LlmOptions> options, ApiKeyStore store,
        ProviderKeys keys, CancellationToken ct)
    {
        // Only keys that still decrypt count: an unreadable one would fail the call it was meant for.
        var stored = (await store.ListAsync(user.Id(), ct)).Where(k => k.Readable).Select(k => k.Key.Provider).ToHashSet();
        return TypedResults.Ok(new ProviderList([.. catalogue.Providers.Select(p =>
        {
            var provider = providers[p.Id];
            var source = keys.SourceFor(p.Id, stored);
            var unusable = ProviderReadiness.Check(provider, options.Value.For(p.Id), source != KeySource.None);
            return new ProviderResponse(
                p.Id,
                p.DisplayName,
                provider.NeedsApiKey,
                unusable is null,
                // The system key is only ever tested for presence here; its value never reaches a response.
                source switch { KeySource.User => "user", KeySource.Server => "system", _ => null },
                unusable?.Detail,
                [.. catalogue.ModelsOf(p.Id).Select(ModelResponse.From)]);
        })]));
    }
}
