namespace Socrates.Api.Llm.Providers;

/// <summary>
/// The registered providers, checked against the model catalogue when built: every catalogue provider (and every
/// model's provider) must have an implementation, or the server does not start, with a message naming it.
/// </summary>
public sealed class LlmProviders
{
    private readonly Dictionary<string, ILlmProvider> _providers;

    public LlmProviders(IEnumerable<ILlmProvider> providers, ModelCatalogue catalogue)
    {
        _providers = [];
        foreach (var provider in providers)
        {
            if (!_providers.TryAdd(provider.Id, provider))
            {
                throw new InvalidOperationException($"Two LLM provider implementations have the id '{provider.Id}'.");
            }
        }

        var missing = catalogue.Providers.Select(p => p.Id)
            .Concat(catalogue.Models.Select(m => m.Provider))
            .Distinct(StringComparer.Ordinal)
            .Where(id => !_providers.ContainsKey(id))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The model catalogue names provider(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} with no implementation in this server. " +
                $"Implemented: {string.Join(", ", _providers.Keys)}. Add an ILlmProvider for each (see \"Adding a provider\" in the README), " +
                "or remove their entries from the catalogue (Llm:CatalogueFile, Llm:Models).");
        }

        var undescribed = catalogue.Models.Select(m => m.Provider).Distinct(StringComparer.Ordinal)
            .Where(id => catalogue.FindProvider(id) is null)
            .ToList();
        if (undescribed.Count > 0)
        {
            throw new InvalidOperationException(
                $"The model catalogue has models of provider(s) {string.Join(", ", undescribed.Select(m => $"'{m}'"))} that its \"providers\" list does not describe.");
        }
    }

    public IEnumerable<ILlmProvider> All => _providers.Values;

    public ILlmProvider? Find(string id) => _providers.GetValueOrDefault(id);

    /// <summary>The implementation of a catalogue provider; every catalogue provider has one (checked at start-up).</summary>
    public ILlmProvider this[string id] => _providers.TryGetValue(id, out var provider)
        ? provider
        : throw new KeyNotFoundException($"No LLM provider '{id}' is registered.");
}
