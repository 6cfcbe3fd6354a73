using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Llm.Providers;

/// <summary>A provider as the catalogue describes it; what it needs to be called is its <see cref="ILlmProvider"/>'s.</summary>
public sealed record ProviderInfo(string Id, string DisplayName);

/// <summary>One model and its list prices in US dollars per million tokens.</summary>
public sealed record ModelInfo(
    string Provider,
    string Id,
    string DisplayName,
    int ContextWindow,
    decimal InputPerMtok,
    decimal OutputPerMtok,
    decimal? CachedInputPerMtok = null,
    decimal? CacheWritePerMtok = null);

public sealed record CatalogueFile(IReadOnlyList<ProviderInfo> Providers, IReadOnlyList<ModelInfo> Models);

/// <summary>
/// The models Socrates can call and what they cost, like LiteLLM's price file: data shipped as Llm/Providers/models.json,
/// replaced by Llm:CatalogueFile, and extended or re-priced by Llm:Models entries in configuration.
/// </summary>
public sealed class ModelCatalogue
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly Dictionary<(string Provider, string Model), ModelInfo> _models;

    public ModelCatalogue(IReadOnlyList<ProviderInfo> providers, IEnumerable<ModelInfo> models)
    {
        Providers = providers;
        _models = [];
        foreach (var model in models)
        {
            _models[(model.Provider, model.Id)] = model;
        }

        Models = [.. _models.Values.OrderBy(m => m.Provider, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    public IReadOnlyList<ProviderInfo> Providers { get; }

    public IReadOnlyList<ModelInfo> Models { get; }

    public ProviderInfo? FindProvider(string provider) => Providers.FirstOrDefault(p => p.Id == provider);

    public ModelInfo? Find(string provider, string model) => _models.GetValueOrDefault((provider, model));

    public IEnumerable<ModelInfo> ModelsOf(string provider) => Models.Where(m => m.Provider == provider);

    public static ModelCatalogue Load(string path, IEnumerable<ModelInfo> overrides)
    {
        CatalogueFile file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogueFile>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException("The file is empty.");
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new InvalidOperationException($"The model catalogue '{path}' cannot be read: {e.Message}", e);
        }

        return new ModelCatalogue(file.Providers, file.Models.Concat(overrides));
    }
}

public sealed class LlmCatalogueOptions
{
    /// <summary>A catalogue file replacing the shipped Llm/Providers/models.json; relative to the content root.</summary>
    public string? CatalogueFile { get; set; }

    /// <summary>Models added, or re-priced when provider and id match a shipped one.</summary>
    public List<ModelInfo> Models { get; set; } = [];
}
