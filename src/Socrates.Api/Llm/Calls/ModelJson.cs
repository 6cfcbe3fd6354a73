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
}
