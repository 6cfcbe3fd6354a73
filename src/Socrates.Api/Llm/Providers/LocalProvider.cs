using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Socrates.Api.Llm.Providers;

/// <summary>
/// A model server the operator runs: Ollama through OllamaSharp (the default Kind), or with Kind "openai-compatible"
/// llama.cpp, vLLM or LM Studio through the OpenAI SDK. There is no default address: a server that has not been told
/// where its model server is does not guess, so the provider list and the calls agree it is not there.
/// </summary>
public sealed class LocalProvider : ILlmProvider
{
    public const string KindOpenAiCompatible = "openai-compatible";

    public string Id => "local";

    public bool NeedsApiKey => false;

    public string? ApiKeyVariable => null;

    public string? WhyUnreachable(LlmProviderSettings settings) => settings.BaseUrl is null
        ? $"No server configured: set Llm:Providers:{Id}:BaseUrl to the local model server's address " +
          "(Ollama listens on http://127.0.0.1:11434; an OpenAI-compatible server's address ends in /v1)."
        : null;

    public IChatClient CreateClient(ChatTarget target, HttpClient http)
    {
        if (IsOpenAiCompatible(target.Kind))
        {
            // llama.cpp, vLLM and LM Studio accept any key, but the SDK insists on one.
            return OpenAiProvider.Client(target, http, target.BaseUrl, string.IsNullOrEmpty(target.ApiKey) ? "not-needed" : target.ApiKey);
        }

        http.BaseAddress = target.BaseUrl;
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            // An Ollama behind a reverse proxy may want a bearer token; plain Ollama ignores it.
            http.DefaultRequestHeaders.Authorization = new("Bearer", target.ApiKey);
        }

        return new OllamaApiClient(http, target.Model);
    }

    private static bool IsOpenAiCompatible(string? kind) => string.Equals(kind, KindOpenAiCompatible, StringComparison.OrdinalIgnoreCase);
}
