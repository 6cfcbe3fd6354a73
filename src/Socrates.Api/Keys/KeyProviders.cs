namespace Socrates.Api.Keys;

/// <summary>One provider a user may store a key for; each feature that uses keys registers its own.</summary>
public sealed record KeyProvider(string Id);

/// <summary>Every provider a key may be stored for, in the order the features registered them.</summary>
public sealed class KeyProviders(IEnumerable<KeyProvider> providers)
{
    public IReadOnlyList<string> Ids { get; } = [.. providers.Select(p => p.Id).Distinct(StringComparer.Ordinal)];
}

public static class KeyProviderRegistration
{
    public static IServiceCollection AddKeyProvider(this IServiceCollection services, string id) =>
        services.AddSingleton(new KeyProvider(id));
}
