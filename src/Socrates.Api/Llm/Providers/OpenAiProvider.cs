using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Socrates.Api.Llm.Providers;

/// <summary>OpenAI through the OpenAI SDK; <see cref="Client"/> also serves every vendor that speaks OpenAI's protocol.</summary>
public sealed class OpenAiProvider : ILlmProvider
{
    public string Id => "openai";

    public bool NeedsApiKey => true;

    public string? ApiKeyVariable => "OPENAI_API_KEY";

    public string? WhyUnreachable(LlmProviderSettings settings) => null;

    public IChatClient CreateClient(ChatTarget target, HttpClient http) => Client(target, http, target.BaseUrl, target.ApiKey);

    /// <param name="endpoint">The API root including /v1; null for OpenAI's own.</param>
    public static IChatClient Client(ChatTarget target, HttpClient http, Uri? endpoint, string? apiKey)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }

        return new ChatClient(target.Model, new ApiKeyCredential(apiKey ?? ""), options).AsIChatClient();
    }
}
