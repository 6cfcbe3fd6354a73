using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Socrates.Api.Llm.Providers;

/// <summary>
/// One call made with a caller's own key: its SDK client (holding the key) is made for the call, but the telemetry
/// client around it is shared by every caller's key of the provider. Microsoft.Extensions.AI's OpenTelemetry client
/// makes a Meter and an ActivitySource each; one per call would never be collected unless disposed, and disposing one
/// ends the metrics of every other (open-telemetry/opentelemetry-dotnet#6412).
/// </summary>
internal sealed class CallerKeyChatClient(IChatClient instrumented, IChatClient sdk, string model) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Set inside this async method, so it flows into the shared client's call and is gone when this returns.
        CallInProgress.Sdk.Value = sdk;
        return await instrumented.GetResponseAsync(messages, WithModel(options), cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CallInProgress.Sdk.Value = sdk;
        await foreach (var update in instrumented.GetStreamingResponseAsync(messages, WithModel(options), cancellationToken))
        {
            yield return update;
        }
    }

    /// <summary>The shared client was made with another call's model as its default; this call's model goes in the options.</summary>
    private ChatOptions WithModel(ChatOptions? options)
    {
        var own = options?.Clone() ?? new ChatOptions();
        own.ModelId ??= model;
        return own;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : sdk.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }

    /// <summary>
    /// What the shared telemetry client wraps: the SDK client of the call in progress. It reads that client when a call
    /// starts; a stream keeps the one it started with.
    /// </summary>
    internal sealed class CallInProgress(ChatClientMetadata? metadata) : IChatClient
    {
        public static readonly AsyncLocal<IChatClient?> Sdk = new();

        private static IChatClient Current =>
            Sdk.Value ?? throw new InvalidOperationException("A caller's-key client was called outside a call through CallerKeyChatClient.");

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Current.GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Current.GetStreamingResponseAsync(messages, options, cancellationToken);

        // The telemetry client asks for the provider's name and address once, when it is made.
        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? metadata : Sdk.Value?.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}
