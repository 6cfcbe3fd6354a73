namespace Socrates.Api.Specifications;

public sealed class Specification
{
    public const int MaxCategoryLength = 100;
    public const int MaxKeyLength = 200;

    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Category { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
    public double Confidence { get; set; } = 1.0;
    public string Source { get; set; } = SpecificationSources.User;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static Specification New(Guid projectId, string category, string key, string value, double confidence, string source, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        ProjectId = projectId,
        Category = category,
        Key = key,
        Value = value,
        Confidence = confidence,
        Source = source,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
