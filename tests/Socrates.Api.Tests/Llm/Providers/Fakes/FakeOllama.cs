using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Socrates.Api.Tests.Llm.Providers.Fakes;

/// <summary>Ollama's POST /api/chat: newline-delimited JSON lines as it streams by default, or one object for "stream": false.</summary>
public static class FakeOllama
{
    // Counts reported on the last line, in Ollama's vocabulary.
    public const int Prompt = 42, Eval = 13;

    public static void Map(IEndpointRouteBuilder routes, FakeProviders fakes) =>
        routes.MapPost("/api/chat", context => AnswerAsync(context, fakes));

    private static async Task AnswerAsync(HttpContext context, FakeProviders fakes)
    {
        var (body, scenario, _, attempt, gap) = await fakes.ReceiveAsync(context, "local", context.Request.Headers.Authorization.FirstOrDefault());
        if (await FakeScenarios.MisbehaveAsync(context, "local", scenario, attempt) is { } status)
        {
            if (status != 200)
            {
                await FakeProviders.JsonAsync(context, new JsonObject { ["error"] = "fake failure" }, status);
            }

            return;
        }

        var model = body["model"]!.GetValue<string>();
        JsonObject Line(string content, bool done)
        {
            var line = new JsonObject
            {
                ["model"] = model,
                ["created_at"] = "2026-11-25T12:00:00.000000Z",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["done"] = done,
            };
            if (done)
            {
                line["done_reason"] = "stop";
                line["total_duration"] = 1_000_000;
                line["load_duration"] = 1000;
                line["prompt_eval_count"] = Prompt;
                line["prompt_eval_duration"] = 1000;
                line["eval_count"] = Eval;
                line["eval_duration"] = 1000;
            }

            return line;
        }

        if (body["stream"]?.GetValue<bool>() == false)
        {
            await FakeProviders.JsonAsync(context, Line(FakeScenarios.AnswerText(scenario), true));
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        await foreach (var piece in FakeScenarios.PiecesAsync(scenario, gap, context.RequestAborted))
        {
            await context.Response.WriteAsync(Line(piece, false).ToJsonString() + "\n");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync(Line("", true).ToJsonString() + "\n");
    }
}
