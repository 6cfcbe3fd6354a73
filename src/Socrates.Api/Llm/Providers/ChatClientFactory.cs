using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Socrates.Api.Telemetry;

namespace Socrates.Api.Llm.Providers;

/// <summary>Where to send one call and with which key; the key never leaves this record except into the SDK.</summary>
public sealed record ChatTarget(string Provider, string Model, string? ApiKey, Uri? BaseUrl, string? Kind);

/// <summary>
/// Makes an <see cref="IChatClient"/> for one call through its provider. Every SDK gets the same pooled HttpClient
/// (with UpstreamCapture in its handler chain) and has its own retries turned off: the call router retries, so that
/// each attempt is seen, timed and recorded once.
/// </summary>
public sealed class ChatClientFactory(LlmProviders providers, IHttpClientFactory httpClients, IOptionsMonitor<LlmOptions> options, TimeProvider time)
{
    public const string HttpClientName = "llm";

    // As long as IHttpClientFactory keeps a handler, so a kept client still sees DNS changes.
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(2);
    private const int MaxKept = 256;

    private readonly ConcurrentDictionary<ChatTarget, (IChatClient Client, DateTimeOffset Until)> _kept = new();

    public ChatTarget Target(string provider, string model, string? apiKey)
    {
        var settings = options.CurrentValue.For(provider);
        return new ChatTarget(provider, model, apiKey, settings.BaseUrl, settings.Kind);
    }

    /// <summary>
    /// A client for the target. One for the server's own key (or no key) is kept and shared, because building an SDK
    /// client (its pipeline, its telemetry header) is a measurable part of a chat's CPU; one holding a user's key is
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

    /// <summary>The provider's client inside Microsoft.Extensions.AI's OpenTelemetry client: a GenAI span and metrics per attempt, no message text.</summary>
    private IChatClient Build(ChatTarget target) => providers[target.Provider].CreateClient(target, httpClients.CreateClient(HttpClientName))
        .AsBuilder().UseOpenTelemetry(sourceName: TelemetrySetup.GenAiSource, configure: c => c.EnableSensitiveData = false).Build();
}
