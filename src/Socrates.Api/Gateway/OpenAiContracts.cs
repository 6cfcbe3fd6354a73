using System.Text.Json;
using System.Text.Json.Serialization;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;

namespace Socrates.Api.Gateway;

/// <summary>
/// The part of OpenAI's chat completion request Socrates acts on. Fields it does not know (tools, logprobs, n …) are
/// ignored rather than refused, as the SDKs send some of them by default.
/// </summary>
public sealed record ChatCompletionRequest(
    string? Model, IReadOnlyList<OpenAiMessage>? Messages, int? MaxTokens, int? MaxCompletionTokens, double? Temperature, double? TopP,
    bool? Stream, StreamOptions? StreamOptions, JsonElement? Stop)
{
    /// <summary>OpenAI's roles; "developer" is its newer name for "system".</summary>
    public static readonly IReadOnlyList<string> Roles = ["system", "developer", "user", "assistant"];

    public Validator Validate()
    {
        var v = new Validator().Required("model", Model, 200)
            .InRange("temperature", Temperature, 0, 2)
            .InRange("top_p", TopP, 0, 1)
            .InRange("max_tokens", MaxTokens, 1, ChatRequest.MaxOutputTokens)
            .InRange("max_completion_tokens", MaxCompletionTokens, 1, ChatRequest.MaxOutputTokens);
        if (Messages is null || Messages.Count == 0)
        {
            return v.Add("messages", "'messages' needs at least one {role, content}.");
        }

        if (Messages.Count > ChatRequest.MaxMessages)
        {
            return v.Add("messages", $"At most {ChatRequest.MaxMessages} messages (got {Messages.Count}).");
        }

        for (var i = 0; i < Messages.Count; i++)
        {
            var m = Messages[i];
            v.Required($"messages[{i}].role", m?.Role, 16).OneOf($"messages[{i}].role", m?.Role, Roles);
            if (m is not null && m.Text() is null)
            {
                v.Add($"messages[{i}].content", $"'messages[{i}].content' must be a string or an array of text parts.");
            }
        }

        return v;
    }

    public IReadOnlyList<string> StopSequences() => Stop switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
        _ => [],
    };
}

public sealed record StreamOptions(bool? IncludeUsage);

/// <param name="Content">A string, or an array of parts of which the text ones are read.</param>
public sealed record OpenAiMessage(string? Role, JsonElement Content)
{
    /// <summary>The message's text, or null when its content is neither a string nor text parts.</summary>
    public string? Text() => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString(),
        JsonValueKind.Array when Content.EnumerateArray().All(p => p.ValueKind == JsonValueKind.Object) => string.Concat(
            Content.EnumerateArray()
                .Where(p => p.TryGetProperty("type", out var t) && t.ValueEquals("text") && p.TryGetProperty("text", out var x) && x.ValueKind == JsonValueKind.String)
                .Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };

    public string ChatRole => Role == "developer" ? "system" : Role!;
}

public sealed record CompletionMessage(string Role, string Content, string? Refusal = null);

public sealed record CompletionChoice(int Index, CompletionMessage Message, string FinishReason, object? Logprobs = null);

public sealed record PromptTokensDetails(long CachedTokens);

public sealed record CompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens, PromptTokensDetails PromptTokensDetails)
{
    /// <summary>prompt_tokens counts every input token, cached reads and cache writes included, as OpenAI's does.</summary>
    public static CompletionUsage From(TokenCounts tokens) =>
        new(tokens.Input, tokens.Output, tokens.Input + tokens.Output, new PromptTokensDetails(tokens.CachedInput));
}

/// <param name="Model">"provider/model" of the model that answered, which is a fallback's when the first failed.</param>
public sealed record ChatCompletion(
    string Id, [property: JsonPropertyName("object")] string ObjectType, long Created, string Model, IReadOnlyList<CompletionChoice> Choices, CompletionUsage Usage, string? SystemFingerprint = null);

public sealed record ChunkDelta(string? Role, string? Content);

public sealed record ChunkChoice(int Index, ChunkDelta Delta, string? FinishReason, object? Logprobs = null);

public sealed record ChatCompletionChunk(
    string Id, [property: JsonPropertyName("object")] string ObjectType, long Created, string Model, IReadOnlyList<ChunkChoice> Choices, CompletionUsage? Usage, string? SystemFingerprint = null);

public sealed record OpenAiModel(string Id, [property: JsonPropertyName("object")] string ObjectType, long Created, string OwnedBy);

public sealed record OpenAiModelList([property: JsonPropertyName("object")] string ObjectType, IReadOnlyList<OpenAiModel> Data);

public sealed record OpenAiError(string Message, string Type, string? Param, string? Code);

public sealed record OpenAiErrorBody(OpenAiError Error);

internal static class Completions
{
    public const string DefaultModel = "default";

    public static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    public static string ModelName(ChatTarget target) => $"{target.Provider}/{target.Model}";

    /// <summary>OpenAI's finish reasons are Microsoft.Extensions.AI's; a provider that gave none finished normally.</summary>
    public static string FinishReason(string? reason) => reason ?? "stop";
}
