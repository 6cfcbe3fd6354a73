using Socrates.Api.Http;

namespace Socrates.Api.Specifications;

public sealed record CreateSpecificationRequest(string? Category, string? Key, string? Value, double? Confidence, string? Source)
{
    /// <param name="prefix">Where the fields sit in the body, e.g. "specifications[3]." for one item of a batch.</param>
    public Validator Validate(Validator v, string prefix = "") => v
        .Required(prefix + "category", Category, Specification.MaxCategoryLength)
        .Required(prefix + "key", Key, Specification.MaxKeyLength)
        .Required(prefix + "value", Value, int.MaxValue)
        .InRange(prefix + "confidence", Confidence, 0, 1)
        .OneOf(prefix + "source", Source, SpecificationSources.All);

    public Specification ToEntity(Guid projectId, DateTime now) => Specification.New(
        projectId, SpecificationText.Category(Category!), Key!.Trim(), Value!, Confidence ?? 1.0, Source ?? SpecificationSources.User, now);
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
        var v = new Validator()
            .MaxLength("category", Category, Specification.MaxCategoryLength)
            .MaxLength("key", Key, Specification.MaxKeyLength)
            .InRange("confidence", Confidence, 0, 1)
            .OneOf("source", Source, SpecificationSources.All);
        if (Category is not null && string.IsNullOrWhiteSpace(Category))
        {
            v.Add("category", "'category' cannot be blank.");
        }

        if (Key is not null && string.IsNullOrWhiteSpace(Key))
        {
            v.Add("key", "'key' cannot be blank.");
        }

        if (Value is not null && string.IsNullOrWhiteSpace(Value))
        {
            v.Add("value", "'value' cannot be blank.");
        }

        return v;
    }
}

public sealed record SpecificationResponse(
    Guid Id, Guid ProjectId, string Category, string Key, string Value, double Confidence, string Source, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static SpecificationResponse From(Specification s) =>
        new(s.Id, s.ProjectId, s.Category, s.Key, s.Value, s.Confidence, s.Source, s.CreatedAt, s.UpdatedAt);
}

public sealed record SpecificationList(IReadOnlyList<SpecificationResponse> Items);

public static class SpecificationText
{
    /// <summary>Categories group specifications, so "Tech Stack", "tech stack" and "tech_stack" must be one.</summary>
    public static string Category(string category) =>
        string.Join('_', category.Trim().ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));
}
