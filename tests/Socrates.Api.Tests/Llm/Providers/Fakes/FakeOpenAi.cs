using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Socrates.Api.Tests.Llm.Providers.Fakes;

/// <summary>
/// OpenAI's Chat Completions: POST {root}/chat/completions answered with a completion, or with the data-only
/// server-sent chunks the API streams. Every OpenAI-compatible vendor and local server speaks it at its own root.
/// </summary>
public static class FakeOpenAi
{
    // Usage reported with every answer, in OpenAI's vocabulary (prompt_tokens includes the cached ones).
    public const int Prompt = 120, Cached = 64, Completion = 30;

    /// <param name="root">The API root, e.g. /v1 for OpenAI itself.</param>
    public static void Map(IEndpointRouteBuilder root, FakeProviders fakes) =>
        root.MapPost("/chat/completions", context => AnswerAsync(context, fakes));

    private static async Task AnswerAsync(HttpContext context, FakeProviders fakes)
    {
        var (body, scenario, _, attempt, gap) = await fakes.ReceiveAsync(context, "openai", FakeProviders.BearerToken(context));
        if (await FakeScenarios.MisbehaveAsync(context, "openai", scenario, attempt) is { } status)
        {
            if (status != 200)
            {
                await FakeProviders.JsonAsync(context, new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = "fake failure", ["type"] = "server_error", ["param"] = null, ["code"] = null },
                }, status);
            }

            return;
        }

        var model = body["model"]!.GetValue<string>();
        var usage = new JsonObject
        {
            ["prompt_tokens"] = Prompt,
            ["completion_tokens"] = Completion,
            ["total_tokens"] = Prompt + Completion,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = Cached, ["audio_tokens"] = 0 },
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0, ["audio_tokens"] = 0 },
        };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await FakeProviders.JsonAsync(context, new JsonObject
            {
                ["id"] = "chatcmpl-fake",
                ["object"] = "chat.completion",
                ["created"] = 1764072000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = FakeScenarios.AnswerText(scenario), ["refusal"] = null },
                    ["logprobs"] = null,
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = usage,
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        JsonObject Chunk(JsonObject? delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion.chunk", ["created"] = 1764072000, ["model"] = model,
            ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            ["usage"] = null,
        };

        await DataAsync(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString());
        await foreach (var piece in FakeScenarios.PiecesAsync(scenario, gap, context.RequestAborted))
        {
            await DataAsync(context, Chunk(new JsonObject { ["content"] = piece }, null).ToJsonString());
            if (scenario == "break-mid-stream")
            {
                // After the first piece of text the stream turns to garbage, as a crashed upstream proxy's might.
                // (Dropping the connection instead can lose the text already sent, which would make the test racy.)
                await DataAsync(context, "{\"id\": \"chatcmpl-fake\", \"choices\": [");
                return;
            }
        }

        await DataAsync(context, Chunk(new JsonObject(), "stop").ToJsonString());

        // The API sends usage only when asked with stream_options.include_usage, in a last chunk with no choices.
        if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            var last = Chunk(null, null);
            last["usage"] = usage;
            await DataAsync(context, last.ToJsonString());
        }

        await DataAsync(context, "[DONE]");
    }

    private static async Task DataAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
