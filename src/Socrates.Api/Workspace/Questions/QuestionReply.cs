using System.Text.Json;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Specifications;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Workspace.Questions;

/// <summary>A model's question, read as <see cref="WorkspacePrompts.Question"/> asked for it.</summary>
public static class QuestionReply
{
    /// <summary>
    /// The question, about <paramref name="category"/> whatever the model says; null when the answer is not a usable
    /// question. A single option is no choice, so it becomes a free question; options past five are dropped.
    /// </summary>
    public static StoredQuestion? Parse(string text, string category)
    {
        if (ModelJson.ObjectIn(text) is not { } root)
        {
            return null;
        }

        string? Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? ModelReply.Clean(p.GetString()!) : null;

        var key = Text(root, "key") is { } k ? TextRules.Trim(k) : "";
        var question = Text(root, "question") ?? "";
        if (key.Length is 0 or > Specification.MaxKeyLength || TextRules.Problem("key", key, TextKind.Line) is not null || !TextRules.IsVisible(question))
        {
            return null;
        }

        var options = root.TryGetProperty("options", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
                .Select(o => (Label: Text(o, "label"), Value: Text(o, "value")))
                .Where(o => TextRules.IsVisible(o.Label) && TextRules.IsVisible(o.Value))
                .Select(o => new QuestionOption(TextRules.Trim(o.Label!), o.Value!))
                .Take(StoredQuestion.MaxOptions).ToList()
            : [];
        if (options.Count < StoredQuestion.MinOptions)
        {
            options = [];
        }

        int? recommended = root.TryGetProperty("recommended", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var index)
            && index >= 0 && index < options.Count ? index : null;
        return new StoredQuestion(category, key, question.Trim(), options, recommended, Text(root, "reason")?.Trim() ?? "", QuestionSources.Model);
    }
}
