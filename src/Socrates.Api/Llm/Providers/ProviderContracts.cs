namespace Socrates.Api.Llm.Providers;

/// <param name="NeedsApiKey">Whether calls need a key (the caller's, or the server's system key).</param>
/// <param name="Usable">Whether the caller can call this provider right now.</param>
/// <param name="KeySource">"user" when the caller's stored key will be used, "system" for the server's key, null for neither.</param>
/// <param name="Reason">When not usable, what to do about it.</param>
public sealed record ProviderResponse(
    string Id,
    string DisplayName,
    bool NeedsApiKey,
    bool Usable,
    string? KeySource,
    string? Reason,
    IReadOnlyList<ModelResponse> Models);

/// <summary>Prices in US dollars per million tokens.</summary>
public sealed record ModelResponse(
    string Id,
    string DisplayName,
    int ContextWindow,
    decimal InputPerMtok,
    decimal OutputPerMtok,
    decimal? CachedInputPerMtok,
    decimal? CacheWritePerMtok)
{
    public static ModelResponse From(ModelInfo model) => new(
        model.Id, model.DisplayName, model.ContextWindow, model.InputPerMtok, model.OutputPerMtok, model.CachedInputPerMtok, model.CacheWritePerMtok);
}

public sealed record ProviderList(IReadOnlyList<ProviderResponse> Providers);
