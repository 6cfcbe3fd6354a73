using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Socrates.Api.Llm;

/// <summary>
/// What a provider says it bills as a stream starts. The IChatClient adapters hand usage over only once a stream
/// completes, so a stream cut short (the client left, the upstream broke) would be recorded as free; Anthropic's
/// message_start already carries the input and cache tokens it bills whatever happens next.
/// </summary>
internal static class StreamStartUsage
{
    public static TokenCounts? From(ChatResponseUpdate update) => update.RawRepresentation switch
    {
        RawMessageStreamEvent e when e.TryPickStart(out var start) => From(start.Message.Usage),
        RawMessageStartEvent start => From(start.Message.Usage),
        _ => null,
    };

    // Counted as Microsoft.Extensions.AI counts a finished stream (see TokenCounts): input includes cache reads and writes.
    private static TokenCounts From(Usage usage)
    {
        var reads = usage.CacheReadInputTokens ?? 0;
        var writes = usage.CacheCreationInputTokens ?? 0;
        return new TokenCounts(usage.InputTokens + reads + writes, usage.OutputTokens, reads, writes);
    }
}
