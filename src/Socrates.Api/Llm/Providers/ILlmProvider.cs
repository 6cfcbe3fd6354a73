using Microsoft.Extensions.AI;

namespace Socrates.Api.Llm.Providers;

/// <summary>
/// One vendor, behind the one seam the rest of Socrates sees. A provider in the model catalogue (models.json)
/// needs exactly one implementation, registered in <see cref="ProvidersSetup"/>; the server refuses to start otherwise.
/// </summary>
public interface ILlmProvider
{
    /// <summary>The catalogue's provider id, also the name its keys are stored under.</summary>
    string Id { get; }

    /// <summary>Whether a call needs a key (the caller's or the server's); a local model server does not.</summary>
    bool NeedsApiKey { get; }

    /// <summary>The variable the vendor's own SDK reads its key from; it fills Llm:Providers:{id}:ApiKey when that is unset.</summary>
    string? ApiKeyVariable { get; }

    /// <summary>Why this server cannot call the provider with these settings, whatever the key; null when it can.</summary>
    string? WhyUnreachable(LlmProviderSettings settings);

    /// <summary>A client for one target through the vendor's official SDK, over <paramref name="http"/> and with the SDK's own retries off.</summary>
    IChatClient CreateClient(ChatTarget target, HttpClient http);

    /// <summary>
    /// What the provider says it bills as a stream starts, for vendors that say so before the end: a stream cut short
    /// is otherwise recorded as free, because the SDK adapters hand usage over only when a stream completes.
    /// </summary>
    TokenCounts? UsageAtStreamStart(ChatResponseUpdate update) => null;
}
