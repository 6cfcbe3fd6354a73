using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Socrates.Api.Gateway.Limits;
using Socrates.Api.Llm.Calls;

namespace Socrates.Api.Gateway;

/// <summary>
/// A chat stream as OpenAI sends one: "data: {chunk}" events, the first with the role, a last chunk with the finish
/// reason, a usage chunk with no choices when stream_options.include_usage asks for it, then "data: [DONE]". A failure
/// after the first event is sent as one error event instead of [DONE].
/// </summary>
internal sealed class OpenAiStream(ChatStreaming stream, bool includeUsage, long created, TokenLimitPermit permit) : IResult
{
    private static readonly byte[] Done = Encoding.UTF8.GetBytes("data: [DONE]\n\n");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var id = Completions.NewId();
        var model = Completions.ModelName(stream.Target);
        ChatCompletionChunk Chunk(ChunkChoice[] choices, CompletionUsage? usage = null) => new(id, "chat.completion.chunk", created, model, choices, usage);

        await WriteAsync(response, JsonSerializer.Serialize(Chunk([new ChunkChoice(0, new ChunkDelta("assistant", ""), null)]), json), ct);
        await foreach (var e in stream.ReadAsync(ct))
        {
            switch (e)
            {
                case StreamDelta delta:
                    await WriteAsync(response, JsonSerializer.Serialize(Chunk([new ChunkChoice(0, new ChunkDelta(null, delta.Text), null)]), json), ct);
                    break;
                case StreamEnd { Problem: { } problem } failed:
                    permit.Spent(failed.Tokens);
                    await WriteAsync(response, OpenAiErrors.StreamEvent(problem.ToProblemDetails(), json), ct);
                    return;
                case StreamEnd end:
                    permit.Spent(end.Tokens);
                    await WriteAsync(response, JsonSerializer.Serialize(
                        Chunk([new ChunkChoice(0, new ChunkDelta(null, null), Completions.FinishReason(end.FinishReason))]), json), ct);
                    if (includeUsage)
                    {
                        await WriteAsync(response, JsonSerializer.Serialize(Chunk([], CompletionUsage.From(end.Tokens)), json), ct);
                    }

                    break;
            }
        }

        await response.Body.WriteAsync(Done, ct);
        await response.Body.FlushAsync(ct);
    }

    private static async Task WriteAsync(HttpResponse response, string data, CancellationToken ct)
    {
        await response.WriteAsync("data: " + data + "\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
