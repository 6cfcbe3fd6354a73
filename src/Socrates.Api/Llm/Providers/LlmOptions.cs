namespace Socrates.Api.Llm.Providers;

/// <summary>Where each provider lives and the system-wide keys, from the "Llm" configuration section.</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>Used when a project has not chosen a model (POST /projects/{id}/set-llm).</summary>
    public string DefaultProvider { get; set; } = "claude";

    public string DefaultModel { get; set; } = "claude-sonnet-4-5";

    /// <summary>Keyed by provider id (claude, openai, local, groq, ...).</summary>
    public Dictionary<string, LlmProviderSettings> Providers { get; set; } = [];

    public LlmProviderSettings For(string provider) => Providers.GetValueOrDefault(provider) ?? new LlmProviderSettings();
}

public sealed class LlmProviderSettings
{
    /// <summary>The provider's API root; null means the vendor's public endpoint. Tests point this at fake servers.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The system key, used when the caller stored none. The vendor's own variable (<see cref="ILlmProvider.ApiKeyVariable"/>) fills it too.</summary>
    public string? ApiKey { get; set; }

    /// <summary>For "local": "ollama" (OllamaSharp) or "openai-compatible" (llama.cpp, vLLM, LM Studio through the OpenAI SDK).</summary>
    public string? Kind { get; set; }
}
