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

    // One per provider endpoint, so as few as the providers configured; see CallerKeyChatClient.
    private readonly ConcurrentDictionary<(string Provider, Uri? BaseUrl, string? Kind), IChatClient> _forCallerKeys = new();

    public ChatTarget Target(string provider, string model, string? apiKey)
    {
        var settings = options.CurrentValue.For(provider);
        return new ChatTarget(provider, model, apiKey, settings.BaseUrl, settings.Kind);
    }

    /// <summary>
    /// A client for the target. One for the server's own key (or no key) is kept and shared, because building an SDK
    /// client (its pipeline, its telemetry header) is a measurable part of a chat's CPU; one holding a user's key is
    /// made for the call that uses it, so that key is not kept in clear beyond the call; its telemetry client is shared.
    /// </summary>
    public IChatClient Create(ChatTarget target)
    {
        if (!IsServerKey(target))
        {
            var sdk = Sdk(target);
            var instrumented = _forCallerKeys.GetOrAdd((target.Provider, target.BaseUrl, target.Kind),
                static (_, sdk) => Instrument(new CallerKeyChatClient.CallInProgress(sdk.GetService<ChatClientMetadata>())), sdk);
            return new CallerKeyChatClient(instrumented, sdk, target.Model);
        }

        var now = time.GetUtcNow();
        if (_kept.TryGetValue(target, out var kept) && kept.Until > now)
        {
            return kept.Client;
        }

        var client = Instrument(Sdk(target));
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

    private IChatClient Sdk(ChatTarget target) => providers[target.Provider].CreateClient(target, httpClients.CreateClient(HttpClientName));

    /// <summary>Microsoft.Extensions.AI's OpenTelemetry client around <paramref name="inner"/>: a GenAI span and metrics per attempt, no message text.</summary>
    private static IChatClient Instrument(IChatClient inner) =>
        inner.AsBuilder().UseOpenTelemetry(sourceName: TelemetrySetup.GenAiSource, configure: c => c.EnableSensitiveData = false).Build();
}
