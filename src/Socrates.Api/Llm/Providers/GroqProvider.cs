using Microsoft.Extensions.AI;

namespace Socrates.Api.Llm.Providers;

/// <summary>Groq's hosted open models, through the OpenAI SDK: Groq speaks OpenAI's chat protocol at its own address.</summary>
public sealed class GroqProvider : ILlmProvider
{
    private static readonly Uri Endpoint = new("https://api.groq.com/openai/v1");

    public string Id => "groq";

    public bool NeedsApiKey => true;

    public string? ApiKeyVariable => "GROQ_API_KEY";

    public string? WhyUnreachable(LlmProviderSettings settings) => null;

    public IChatClient CreateClient(ChatTarget target, HttpClient http) =>
        OpenAiProvider.Client(target, http, target.BaseUrl ?? Endpoint, target.ApiKey);
}
