using Socrates.Api.Http;

namespace Socrates.Api.Specifications;

public sealed record CreateSpecificationRequest(string? Category, string? Key, string? Value, double? Confidence, string? Source)
{
    /// <param name="prefix">Where the fields sit in the body, e.g. "specifications[3]." for one item of a batch.</param>
    public Validator Validate(Validator v, string prefix = "") => v
        .Required(prefix + "category", Category, Specification.MaxCategoryLength)
        .CategoryNamesSomething(prefix + "category", Category)
        .Required(prefix + "key", Key, Specification.MaxKeyLength)
        .Required(prefix + "value", Value, int.MaxValue, TextKind.Multiline)
        .InRange(prefix + "confidence", Confidence, 0, 1)
        .OneOf(prefix + "source", Source, SpecificationSources.All);

    public Specification ToEntity(Guid projectId, DateTime now) => Specification.New(
        projectId, SpecificationText.Category(Category!), TextRules.Trim(Key!), Value!, Confidence ?? 1.0, Source ?? SpecificationSources.User, now);
}

public sealed record CreateSpecificationsBatchRequest(IReadOnlyList<CreateSpecificationRequest>? Specifications)
{
    public const int MaxBatchSize = 10_000;
}

/// <summary>PATCH body: a field left out (or null) keeps its value.</summary>
public sealed record UpdateSpecificationRequest(string? Category, string? Key, string? Value, double? Confidence, string? Source) : IValidatable
{
    public Validator Validate()
    {
        return new Validator()
            .NotBlank("category", Category, Specification.MaxCategoryLength)
            .CategoryNamesSomething("category", Category)
            .NotBlank("key", Key, Specification.MaxKeyLength)
            .NotBlank("value", Value, int.MaxValue, TextKind.Multiline)
            .InRange("confidence", Confidence, 0, 1)
            .OneOf("source", Source, SpecificationSources.All);
    }
}

public sealed record SpecificationResponse(
    Guid Id, Guid ProjectId, string Category, string Key, string Value, double Confidence, string Source, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static SpecificationResponse From(Specification s) =>
        new(s.Id, s.ProjectId, s.Category, s.Key, s.Value, s.Confidence, s.Source, s.CreatedAt, s.UpdatedAt);
}

public sealed record SpecificationList(IReadOnlyList<SpecificationResponse> Items);

/// <param name="ReplacedAt">When the value stopped being current.</param>
public sealed record SpecificationHistoryEntry(string Value, double Confidence, string Source, DateTime ReplacedAt);

/// <summary>A specification as it is now, and what it held before, newest first.</summary>
public sealed record SpecificationHistory(SpecificationResponse Current, IReadOnlyList<SpecificationHistoryEntry> Previous);

public static class SpecificationText
{
    /// <summary>
    /// Categories group specifications, so "Tech Stack", "tech stack", "tech-stack" and "tech_stack" must be one:
    /// lower-cased words, whatever separated them (spaces, '-', '_', invisible characters), joined by '_'.
    /// </summary>
    public static string Category(string category) =>
        string.Join('_', Words(category.ToLowerInvariant()));

    /// <summary>Refuses a category that is visible but names nothing once normalised, such as "-" or "_ _".</summary>
    public static Validator CategoryNamesSomething(this Validator v, string field, string? category) =>
        category is not null && TextRules.IsVisible(category) && Category(category).Length == 0
            ? v.Add(field, $"'{field}' must contain a letter or digit: '{category}' is only separators ('-', '_', spaces).")
            : v;

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] is '-' or '_' || !TextRules.IsVisible(text[i].ToString()))
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i + 1;
            }
        }
    }
}
