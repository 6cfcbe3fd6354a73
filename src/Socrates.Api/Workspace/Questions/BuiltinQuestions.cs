using System.Text.Json;

namespace Socrates.Api.Workspace.Questions;

/// <summary>
/// The questions asked when no model can be called (no key, no model configured, budget used up), so a new user gets
/// a first question with no key at all: Workspace/Questions/builtin-questions.json, embedded in the assembly.
/// </summary>
public sealed class BuiltinQuestions
{
    private sealed record Entry(string Category, string Key, string Question, IReadOnlyList<QuestionOption>? Options, int? Recommended, string Reason);

    private sealed record File(IReadOnlyList<Entry> Questions);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<StoredQuestion> _questions;

    public BuiltinQuestions()
    {
        using var stream = typeof(BuiltinQuestions).Assembly.GetManifestResourceStream("Socrates.Api.Workspace.Questions.builtin-questions.json")
            ?? throw new InvalidOperationException("The built-in questions resource is missing from the assembly.");
        var file = JsonSerializer.Deserialize<File>(stream, Json)!;
        _questions = [.. file.Questions.Select(e => new StoredQuestion(
            e.Category, e.Key, e.Question, e.Options ?? [], e.Options is { Count: > 0 } ? e.Recommended : null, e.Reason, QuestionSources.Builtin))];
    }

    public IReadOnlyList<StoredQuestion> All => _questions;

    /// <summary>
    /// The first question about <paramref name="category"/> whose key is neither specified yet nor already asked;
    /// when all are, an open question about what is still missing, under a key not yet taken.
    /// </summary>
    public StoredQuestion For(string category, IReadOnlySet<string> takenKeys)
    {
        var next = _questions.FirstOrDefault(q => q.Category == category && !takenKeys.Contains(q.Key));
        if (next is not null)
        {
            return next;
        }

        var n = 1;
        while (takenKeys.Contains($"notes_{n}"))
        {
            n++;
        }

        var name = category.Replace('_', ' ');
        return new StoredQuestion(category, $"notes_{n}", $"What else should the specification say about {name}?", [], null,
            $"The {name} category is still the least certain part of the specification.", QuestionSources.Builtin);
    }
}
