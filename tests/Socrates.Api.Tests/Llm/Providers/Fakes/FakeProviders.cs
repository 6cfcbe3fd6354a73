using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socrates.Api.Tests.Llm;

/// <summary>
/// Anthropic Messages, OpenAI Chat Completions and Ollama /api/chat on one Kestrel port on 127.0.0.1, speaking
/// the vendors' wire formats (JSON, SSE, NDJSON) so the official SDKs in the server under test talk to them
/// as they would to the real thing. A test picks a behaviour by writing "scenario=NAME id=GUID" in a message.
/// </summary>
public sealed partial class FakeProviders : IAsyncDisposable
{
    // Usage each fake reports, in its own vocabulary; tests assert the server's numbers against these.
    public const int ClaudeInput = 25, ClaudeCacheRead = 100, ClaudeCacheWrite = 40, ClaudeOutput = 17;

    /// <summary>The output count in a Claude stream's message_start, before any text (the API sends a small number there).</summary>
    public const int ClaudeStartOutput = 1;
    public const int OpenAiPrompt = 120, OpenAiCached = 64, OpenAiCompletion = 30;
    public const int OllamaPrompt = 42, OllamaEval = 13;

    public static readonly string[] Words = ["Hello", " from", " the", " fake"];
    public static string Reply => string.Concat(Words);

    public const string GeneratedFilesJson =
        """{"files":[{"path":"src/app.py","language":"python","content":"print('hi')\n"},{"path":"./README.md","language":"markdown","content":"# Hi"}]}""";

    public const string EvilFilesJson =
        """{"files":[{"path":"src/ok.py","language":"python","content":"x = 1"},{"path":"../../etc/passwd","language":"text","content":"root"}]}""";

    /// <summary>Functional specifications as use_llm on a GitHub import asks for them, with proposals the server must drop.</summary>
    public const string GitHubSpecsJson = """
        {"specifications":[
          {"category":"goals","key":"purpose","value":"Sell tea online to retail customers.","confidence":0.9},
          {"category":"Users","key":"Tea Buyers","value":"People who buy loose-leaf tea.","confidence":0.4},
          {"category":"features","key":"cart","value":"A shopping cart that holds items before checkout."},
          {"category":"features","key":"cart","value":"The same key again."},
          {"category":"tech_stack","key":"language","value":"TypeScript","confidence":0.9},
          {"category":"requirements","key":"summary","value":"A small shop for selling tea online.  It has a cart."},
          {"category":"features","key":"","value":"No key."}
        ]}
        """;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _seen = new();

    private FakeProviders(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public IEnumerable<SeenRequest> For(string id) => Requests.Where(r => r.Id == id);

    /// <summary>Ids of "stall" streams whose connection the server under test closed while the fake held them open.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> ClosedByClient { get; } = new();

    public static async Task<FakeProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fakes = new FakeProviders(app);
        app.MapPost("/v1/messages", fakes.AnthropicAsync);
        app.MapPost("/v1/chat/completions", fakes.OpenAiAsync);
        app.MapPost("/api/chat", fakes.OllamaAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fakes.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fakes;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record SeenRequest(string Provider, string? Id, string? Scenario, string? ApiKey, JsonNode Body, DateTimeOffset At, string Headers);

    [GeneratedRegex(@"scenario=([a-z0-9-]+)")]
    private static partial Regex ScenarioPattern();

    [GeneratedRegex(@"id=([0-9a-f]{32})")]
    private static partial Regex IdPattern();

    private async Task<(JsonNode Body, string? Scenario, int Attempt, string? Id)> ReadAsync(HttpContext context, string provider, string? apiKey)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var body = JsonNode.Parse(text)!;
        var scenario = ScenarioPattern().Match(text) is { Success: true } s ? s.Groups[1].Value : null;
        var id = IdPattern().Match(text) is { Success: true } i ? i.Groups[1].Value : null;
        Requests.Enqueue(new SeenRequest(provider, id, scenario, apiKey, body, DateTimeOffset.UtcNow,
            string.Join("; ", context.Request.Headers.Select(h => $"{h.Key}={h.Value}"))));
        var attempt = _seen.AddOrUpdate($"{provider}:{id}", 1, (_, n) => n + 1);
        return (body, scenario, attempt, id);
    }

    /// <summary>What the scenario wants instead of a normal answer, or null for a normal answer.</summary>
    private static async Task<int?> MisbehaveAsync(HttpContext context, string provider, string? scenario, int attempt)
    {
        switch (scenario)
        {
            case "rate-limit-once" when attempt == 1:
                context.Response.Headers["retry-after"] = "1";
                return 429;
            case "fail-all":
            case "fail-claude" when provider == "claude":
                return 500;
            case "hang":
                await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
                return 500;
            case { } wait when wait.StartsWith("think-", StringComparison.Ordinal):
                // A model's thinking time (think-200: 200 ms), so benchmarks are not all CPU-bound.
                await Task.Delay(int.Parse(wait["think-".Length..], CultureInfo.InvariantCulture), context.RequestAborted);
                return null;
            case "drop":
                // The connection closes with no response at all, as when a host or its proxy goes away.
                context.Abort();
                return 200;
            case "malformed":
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"x\", \"choices\": [ {\"oops\"");
                return 200;
            default:
                return null;
        }
    }

    private static string AnswerText(string? scenario) => scenario switch
    {
        "generate" => GeneratedFilesJson,
        "generate-evil" => EvilFilesJson,
        "github-specs" => GitHubSpecsJson,
        _ => Reply,
    };

    private static string[] Pieces(string? scenario) =>
        scenario is "generate" or "generate-evil" or "github-specs" ? [AnswerText(scenario)] : Words;

    private async Task AnthropicAsync(HttpContext context)
    {
        // The SDK sends x-api-key, or a bearer token in newer API versions; either carries the key.
        var bearer = context.Request.Headers.Authorization.FirstOrDefault();
        var (body, scenario, attempt, id) = await ReadAsync(context, "claude",
            context.Request.Headers["x-api-key"].FirstOrDefault() ?? (bearer?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? bearer[7..] : null));
        if (await MisbehaveAsync(context, "claude", scenario, attempt) is { } status)
        {
            if (status != 200)
            {
                await ErrorAsync(context, status, new JsonObject
                {
                    ["type"] = "error",
                    ["error"] = new JsonObject { ["type"] = status == 429 ? "rate_limit_error" : "api_error", ["message"] = "fake failure" },
                });
            }

            return;
        }

        var model = body["model"]!.GetValue<string>();
        var usage = new JsonObject
        {
            ["input_tokens"] = ClaudeInput,
            ["cache_creation_input_tokens"] = ClaudeCacheWrite,
            ["cache_read_input_tokens"] = ClaudeCacheRead,
            ["output_tokens"] = ClaudeOutput,
        };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await JsonAsync(context, new JsonObject
            {
                ["id"] = "msg_fake",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = AnswerText(scenario) }),
                ["stop_reason"] = "end_turn",
                ["stop_sequence"] = null,
                ["usage"] = usage,
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var start = usage.DeepClone();
        start["output_tokens"] = ClaudeStartOutput;
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
        foreach (var piece in Pieces(scenario))
        {
            await EventAsync(context, "content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            });
            if (scenario == "stall")
            {
                // Billed input and the first text are out; the rest never comes, as from a model that stalls.
                await StallUntilClosedAsync(context, id);
                return;
            }
        }

        await EventAsync(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        // As the API does: message_delta carries the cumulative output count (not an increment).
        await EventAsync(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = ClaudeOutput },
        });
        await EventAsync(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private async Task StallUntilClosedAsync(HttpContext context, string? id)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            ClosedByClient[id ?? ""] = DateTimeOffset.UtcNow;
        }
    }

    private async Task OpenAiAsync(HttpContext context)
    {
        var auth = context.Request.Headers.Authorization.FirstOrDefault();
        var (body, scenario, attempt, _) = await ReadAsync(context, "openai", auth?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? auth[7..] : auth);
        if (await MisbehaveAsync(context, "openai", scenario, attempt) is { } status)
        {
            if (status != 200)
            {
                await ErrorAsync(context, status, new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = "fake failure", ["type"] = "server_error", ["param"] = null, ["code"] = null },
                });
            }

            return;
        }

        var model = body["model"]!.GetValue<string>();
        var usage = new JsonObject
        {
            ["prompt_tokens"] = OpenAiPrompt,
            ["completion_tokens"] = OpenAiCompletion,
            ["total_tokens"] = OpenAiPrompt + OpenAiCompletion,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = OpenAiCached, ["audio_tokens"] = 0 },
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0, ["audio_tokens"] = 0 },
        };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await JsonAsync(context, new JsonObject
            {
                ["id"] = "chatcmpl-fake",
                ["object"] = "chat.completion",
                ["created"] = 1764072000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = AnswerText(scenario), ["refusal"] = null },
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
        foreach (var piece in Pieces(scenario))
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

    private async Task OllamaAsync(HttpContext context)
    {
        var (body, scenario, attempt, _) = await ReadAsync(context, "local", context.Request.Headers.Authorization.FirstOrDefault());
        if (await MisbehaveAsync(context, "local", scenario, attempt) is { } status)
        {
            if (status != 200)
            {
                await ErrorAsync(context, status, new JsonObject { ["error"] = "fake failure" });
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
                line["prompt_eval_count"] = OllamaPrompt;
                line["prompt_eval_duration"] = 1000;
                line["eval_count"] = OllamaEval;
                line["eval_duration"] = 1000;
            }

            return line;
        }

        // Ollama streams unless the request says "stream": false.
        if (body["stream"]?.GetValue<bool>() == false)
        {
            await JsonAsync(context, Line(AnswerText(scenario), true));
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        foreach (var piece in Pieces(scenario))
        {
            await context.Response.WriteAsync(Line(piece, false).ToJsonString() + "\n");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync(Line("", true).ToJsonString() + "\n");
    }

    private static async Task JsonAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        await JsonAsync(context, body);
    }

    private static async Task EventAsync(HttpContext context, string name, JsonNode data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static async Task DataAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
