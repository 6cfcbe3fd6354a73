using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using AnthropicUsage = Anthropic.Models.Messages.Usage;

namespace Socrates.Api.Llm.Providers;

/// <summary>Anthropic Claude through the Anthropic SDK.</summary>
public sealed class ClaudeProvider : ILlmProvider
{
    public string Id => "claude";

    public bool NeedsApiKey => true;

    public string? ApiKeyVariable => "ANTHROPIC_API_KEY";

    public string? WhyUnreachable(LlmProviderSettings settings) => null;

    public IChatClient CreateClient(ChatTarget target, HttpClient http)
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

    /// <summary>message_start already carries the input and cache tokens Anthropic bills whatever happens next.</summary>
    public TokenCounts? UsageAtStreamStart(ChatResponseUpdate update) => update.RawRepresentation switch
    {
        RawMessageStreamEvent e when e.TryPickStart(out var start) => From(start.Message.Usage),
        RawMessageStartEvent start => From(start.Message.Usage),
        _ => null,
    };

    // Counted as Microsoft.Extensions.AI counts a finished stream (see TokenCounts): input includes cache reads and writes.
    private static TokenCounts From(AnthropicUsage usage)
    {
        var reads = usage.CacheReadInputTokens ?? 0;
        var writes = usage.CacheCreationInputTokens ?? 0;
        return new TokenCounts(usage.InputTokens + reads + writes, usage.OutputTokens, reads, writes);
    }
}
