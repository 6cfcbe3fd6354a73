using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;

namespace Socrates.Api.Llm;

/// <summary>Where to send one call and with which key; the key never leaves this record except into the SDK.</summary>
public sealed record ChatTarget(string Provider, string Model, string? ApiKey, Uri? BaseUrl, string? Kind);

/// <summary>
/// Makes an <see cref="IChatClient"/> for one call through the vendor's official SDK. Every SDK gets the same
/// pooled HttpClient (with <see cref="UpstreamCapture"/> in its handler chain) and has its own retries turned
/// off: <see cref="ChatRouter"/> retries, so that each attempt is seen, timed and recorded once.
/// </summary>
public sealed class ChatClientFactory(IHttpClientFactory httpClients, IOptionsMonitor<LlmOptions> options, TimeProvider time)
{
    public const string HttpClientName = "llm";

    public const string LocalKindOllama = "ollama";
    public const string LocalKindOpenAiCompatible = "openai-compatible";

    private static readonly Uri OllamaDefault = new("http://127.0.0.1:11434");

    public ChatTarget Target(string provider, string model, string? apiKey)
    {
        var settings = options.CurrentValue.For(provider);
        return new ChatTarget(provider, model, apiKey, settings.BaseUrl, settings.Kind);
    }

    // As long as IHttpClientFactory keeps a handler, so a kept client still sees DNS changes.
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(2);
    private const int MaxKept = 256;

    private readonly ConcurrentDictionary<ChatTarget, (IChatClient Client, DateTimeOffset Until)> _kept = new();

    /// <summary>
    /// A client for the target. One for the server's own key (or no key) is kept and shared, because building an SDK
    /// client (its pipeline, its telemetry header) was a measurable part of a chat's CPU; one holding a user's key is
    /// made for the call that uses it, so that key is not kept in clear beyond the call.
    /// </summary>
    public IChatClient Create(ChatTarget target)
    {
        if (!IsServerKey(target))
        {
            return Build(target);
        }

        var now = time.GetUtcNow();
        if (_kept.TryGetValue(target, out var kept) && kept.Until > now)
        {
            return kept.Client;
        }

        var client = Build(target);
        if (_kept.Count >= MaxKept)
        {
            // Expired clients would otherwise hold their places for good, and no new target would be kept.
            foreach (var (old, entry) in _kept)
            {
                if (entry.Until <= now)
                {
                    _kept.TryRemove(new KeyValuePair<ChatTarget, (IChatClient, DateTimeOffset)>(old, entry));
                }
            }
        }

        if (_kept.Count < MaxKept || _kept.ContainsKey(target))
        {
            _kept[target] = (client, now + KeepFor);
        }

        return client;
    }

    private bool IsServerKey(ChatTarget target) =>
        string.IsNullOrEmpty(target.ApiKey) || target.ApiKey == options.CurrentValue.For(target.Provider).ApiKey;

    private IChatClient Build(ChatTarget target)
    {
        var http = httpClients.CreateClient(HttpClientName);
        return target.Provider switch
        {
            "claude" => Claude(target, http),
            "openai" => OpenAi(target, http, target.ApiKey),
            "local" when string.Equals(target.Kind, LocalKindOpenAiCompatible, StringComparison.OrdinalIgnoreCase) =>
                // llama.cpp, vLLM and LM Studio accept any key, but the SDK insists on one.
                OpenAi(target, http, string.IsNullOrEmpty(target.ApiKey) ? "not-needed" : target.ApiKey),
            "local" => Ollama(target, http),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Provider, "Unknown provider."),
        };
    }

    private static IChatClient Claude(ChatTarget target, HttpClient http)
    {
        var client = new AnthropicClient
        {
            ApiKey = target.ApiKey,
            HttpClient = http,
            MaxRetries = 0,
            // The router's per-attempt timeout governs; this one only has to be longer.
            Timeout = TimeSpan.FromHours(1),
        };
        if (target.BaseUrl is not null)
        {
            client = (AnthropicClient)client.WithOptions(o => o with { BaseUrl = target.BaseUrl.ToString().TrimEnd('/') });
        }

        return client.AsIChatClient(target.Model);
    }

    private static IChatClient OpenAi(ChatTarget target, HttpClient http, string? apiKey)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (target.BaseUrl is not null)
        {
            clientOptions.Endpoint = target.BaseUrl;
        }

        return new ChatClient(target.Model, new ApiKeyCredential(apiKey ?? ""), clientOptions).AsIChatClient();
    }

    private static OllamaApiClient Ollama(ChatTarget target, HttpClient http)
    {
        http.BaseAddress = target.BaseUrl ?? OllamaDefault;
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            // An Ollama behind a reverse proxy may want a bearer token; plain Ollama ignores it.
            http.DefaultRequestHeaders.Authorization = new("Bearer", target.ApiKey);
        }

        return new OllamaApiClient(http, target.Model);
    }
}
