using System.Text.Json;

namespace Socrates.Api.Llm.Calls;

/// <summary>What every structured answer from a model needs before it is parsed as JSON.</summary>
public static class ModelJson
{
    /// <summary>The answer without a Markdown fence around it: some models add one even when asked not to.</summary>
    public static string StripFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && lastFence > firstLine ? trimmed[(firstLine + 1)..lastFence] : trimmed;
    }

    /// <summary>
    /// The JSON object in an answer, fenced or bare, with any text around it ignored (from the first '{' to the last
    /// '}'); null when there is none or it does not parse.
    /// </summary>
    public static JsonElement? ObjectIn(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text.AsMemory(start, end - start + 1));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
