using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Socrates.Api.Tests.Llm.Providers.Fakes;

/// <summary>Anthropic's Messages API: POST /v1/messages answered with a message, or with the named server-sent events the API streams.</summary>
public static class FakeAnthropic
{
    // Usage reported with every answer, in Anthropic's vocabulary; tests assert the server's numbers against these.
    public const int Input = 25, CacheRead = 100, CacheWrite = 40, Output = 17;

    /// <summary>The output count in a stream's message_start, before any text (the API sends a small number there).</summary>
    public const int StartOutput = 1;

    public static void Map(IEndpointRouteBuilder routes, FakeProviders fakes) =>
        routes.MapPost("/v1/messages", context => AnswerAsync(context, fakes));

    private static async Task AnswerAsync(HttpContext context, FakeProviders fakes)
    {
        // The SDK sends x-api-key, or a bearer token in newer API versions; either carries the key.
        var (body, scenario, id, attempt, gap) = await fakes.ReceiveAsync(context, "claude",
            context.Request.Headers["x-api-key"].FirstOrDefault() ?? FakeProviders.BearerToken(context));
        if (await FakeScenarios.MisbehaveAsync(context, "claude", scenario, attempt) is { } status)
        {
            if (status != 200)
            {
                await FakeProviders.JsonAsync(context, new JsonObject
                {
                    ["type"] = "error",
                    ["error"] = new JsonObject { ["type"] = status == 429 ? "rate_limit_error" : "api_error", ["message"] = "fake failure" },
                }, status);
            }

            return;
        }

        var model = body["model"]!.GetValue<string>();
        var usage = new JsonObject
        {
            ["input_tokens"] = Input,
            ["cache_creation_input_tokens"] = CacheWrite,
            ["cache_read_input_tokens"] = CacheRead,
            ["output_tokens"] = Output,
        };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await FakeProviders.JsonAsync(context, new JsonObject
            {
                ["id"] = "msg_fake",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = FakeScenarios.AnswerText(scenario) }),
                ["stop_reason"] = "end_turn",
                ["stop_sequence"] = null,
                ["usage"] = usage,
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var start = usage.DeepClone();
        start["output_tokens"] = StartOutput;
        await EventAsync(context, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_fake", ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new JsonArray(), ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = start,
            },
        });
        await EventAsync(context, "content_block_start", new JsonObject
        {
            ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        });
        await EventAsync(context, "ping", new JsonObject { ["type"] = "ping" });
        await foreach (var piece in FakeScenarios.PiecesAsync(scenario, gap, context.RequestAborted))
        {
            await EventAsync(context, "content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            });
            if (scenario == "stall")
            {
                // Billed input and the first text are out; the rest never comes, as from a model that stalls.
                await fakes.StallUntilClosedAsync(context, id);
                return;
            }
        }

        await EventAsync(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        // As the API does: message_delta carries the cumulative output count (not an increment).
        await EventAsync(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = Output },
        });
        await EventAsync(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static async Task EventAsync(HttpContext context, string name, JsonNode data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
