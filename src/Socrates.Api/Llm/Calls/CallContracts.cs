using Socrates.Api.Http;
using Socrates.Api.Llm.Providers;

namespace Socrates.Api.Llm.Calls;

public sealed record LlmRouteRequest(string? Provider, string? Model);

public sealed record SetLlmRequest(string? Provider, string? Model, IReadOnlyList<LlmRouteRequest>? Fallbacks)
{
    /// <summary>Every provider/model pair must be in the catalogue; an unknown one is answered with the valid ones.</summary>
    public Validator Validate(ModelCatalogue catalogue, out List<ChatRoute> fallbacks)
    {
        var v = new Validator();
        CheckRoute(v, catalogue, "provider", "model", Provider, Model);
        fallbacks = [];
        if (Fallbacks is { Count: > ProjectLlm.MaxFallbacks })
        {
            v.Add("fallbacks", $"At most {ProjectLlm.MaxFallbacks} fallbacks (got {Fallbacks.Count}).");
            return v;
        }

        for (var i = 0; i < (Fallbacks?.Count ?? 0); i++)
        {
            var f = Fallbacks![i];
            if (CheckRoute(v, catalogue, $"fallbacks[{i}].provider", $"fallbacks[{i}].model", f?.Provider, f?.Model))
            {
                var route = new ChatRoute(f!.Provider!, f.Model!);
                if (route == new ChatRoute(Provider ?? "", Model ?? "") || fallbacks.Contains(route))
                {
                    v.Add($"fallbacks[{i}]", $"'{route.Provider}/{route.Model}' is already in the list.");
                }

                fallbacks.Add(route);
            }
        }

        return v;
    }

    /// <summary>Adds an error under the field at fault when <paramref name="provider"/>/<paramref name="model"/> is not in the catalogue.</summary>
    public static bool CheckRoute(Validator v, ModelCatalogue catalogue, string providerField, string modelField, string? provider, string? model)
    {
        var providers = catalogue.Providers.Select(p => p.Id).ToList();
        if (string.IsNullOrWhiteSpace(provider) || catalogue.FindProvider(provider) is null)
        {
            v.Add(providerField, $"'{providerField}' must be one of: {string.Join(", ", providers)} (got '{provider}').");
            return false;
        }

        if (string.IsNullOrWhiteSpace(model) || catalogue.Find(provider, model) is null)
        {
            v.Add(modelField, $"'{modelField}' must be one of the {provider} models: {string.Join(", ", catalogue.ModelsOf(provider).Select(m => m.Id))} (got '{model}').");
            return false;
        }

        return true;
    }
}

public sealed record ProjectLlmResponse(Guid ProjectId, string Provider, string Model, bool IsDefault, IReadOnlyList<ChatRoute> Fallbacks);

public sealed record ChatMessageRequest(string? Role, string? Content);

public sealed record ChatRequest(IReadOnlyList<ChatMessageRequest>? Messages, int? MaxTokens, double? Temperature, bool? Stream) : IValidatable
{
    public const int MaxMessages = 500;
    public const int MaxOutputTokens = 200_000;
    public static readonly IReadOnlyList<string> Roles = ["system", "user", "assistant"];

    public Validator Validate()
    {
        var v = new Validator().InRange("temperature", Temperature, 0, 2).InRange("max_tokens", MaxTokens, 1, MaxOutputTokens);
        if (Messages is null || Messages.Count == 0)
        {
            return v.Add("messages", "'messages' needs at least one {role, content}.");
        }

        if (Messages.Count > MaxMessages)
        {
            return v.Add("messages", $"At most {MaxMessages} messages (got {Messages.Count}).");
        }

        for (var i = 0; i < Messages.Count; i++)
        {
            var m = Messages[i];
            v.Required($"messages[{i}].role", m?.Role, 16).OneOf($"messages[{i}].role", m?.Role, Roles);
            if (string.IsNullOrEmpty(m?.Content))
            {
                v.Add($"messages[{i}].content", $"'messages[{i}].content' is required.");
            }
        }

        return v;
    }
}

/// <summary>Tokens exactly as the provider reported them; cost_usd is null when the model has no price (unpriced, not free).</summary>
public sealed record ChatUsage(
    string Provider, string Model, long InputTokens, long OutputTokens, long CachedInputTokens, long CacheWriteTokens, decimal? CostUsd, bool Priced)
{
    public static ChatUsage From(ChatTarget target, TokenCounts tokens, long? costNanos) => new(
        target.Provider, target.Model, tokens.Input, tokens.Output, tokens.CachedInput, tokens.CacheWrite, Pricing.Dollars(costNanos), costNanos is not null);
}

public sealed record ChatReply(
    string Provider, string Model, string Content, long InputTokens, long OutputTokens, long CachedInputTokens, long CacheWriteTokens, decimal? CostUsd, bool Priced)
{
    public static ChatReply From(ChatResult result)
    {
        var u = ChatUsage.From(result.Target, result.Tokens, result.CostNanos);
        return new(u.Provider, u.Model, result.Text, u.InputTokens, u.OutputTokens, u.CachedInputTokens, u.CacheWriteTokens, u.CostUsd, u.Priced);
    }
}

public sealed record StreamText(string Text);

public sealed record StreamError(int Status, string Title, string Detail, string? Provider, string? ErrorKind);
