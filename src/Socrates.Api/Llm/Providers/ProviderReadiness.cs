using Socrates.Api.Http;

namespace Socrates.Api.Llm.Providers;

/// <summary>
/// The one rule for whether a provider can be called: its server is reachable with these settings, and it has a key
/// if it needs one. The provider list reports it and the call path enforces it, so the two cannot disagree.
/// </summary>
public static class ProviderReadiness
{
    /// <summary>Why the provider cannot be called, worded with what to do about it; null when it can.</summary>
    public static ProblemException? Check(ILlmProvider provider, LlmProviderSettings settings, bool hasKey)
    {
        if (provider.WhyUnreachable(settings) is { } why)
        {
            return new ProblemException(StatusCodes.Status400BadRequest, "Provider not configured", why, Extensions(provider));
        }

        return provider.NeedsApiKey && !hasKey
            ? new ProblemException(
                StatusCodes.Status400BadRequest,
                "No API key for the provider",
                $"There is no API key for '{provider.Id}': add yours with POST /api/v1/llm/api-keys {{\"provider\": \"{provider.Id}\", \"api_key\": \"...\"}}, " +
                $"ask the operator to configure a system key (Llm:Providers:{provider.Id}:ApiKey{(provider.ApiKeyVariable is { } v ? $" or {v}" : "")}), " +
                "or choose another model with POST /api/v1/projects/{id}/set-llm.",
                Extensions(provider))
            : null;
    }

    private static Dictionary<string, object?> Extensions(ILlmProvider provider) => new() { ["provider"] = provider.Id };
}
