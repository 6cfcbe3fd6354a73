using System.Text.Json;

namespace Socrates.Api.Workspace.Questions;

public sealed record QuestionOption(string Label, string Value);

public static class QuestionSources
{
    public const string Model = "model";
    public const string Builtin = "builtin";
}

/// <summary>
/// A clarifying question as the conversation keeps it: what it asks about (the specification its answer becomes),
/// its options (none for a free answer), the recommended option and why.
/// </summary>
/// <param name="Recommended">An index into <paramref name="Options"/>; null when there are none.</param>
public sealed record StoredQuestion(
    string Category, string Key, string Question, IReadOnlyList<QuestionOption> Options, int? Recommended, string Reason, string Source)
{
    public const int MinOptions = 2;
    public const int MaxOptions = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StoredQuestion FromJson(string json) => JsonSerializer.Deserialize<StoredQuestion>(json, Json)!;

    /// <summary>The message text a conversation shows (and a model reads back): the question, then its options.</summary>
    public string AsText() => Options.Count == 0
        ? Question
        : Question + "\n" + string.Join("\n", Options.Select((o, i) => $"{i + 1}. {o.Label}" + (i == Recommended ? " (recommended)" : "")));
}
