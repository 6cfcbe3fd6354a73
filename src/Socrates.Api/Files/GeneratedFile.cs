namespace Socrates.Api.Files;

public sealed class GeneratedFile
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }

    /// <summary>Relative, '/'-separated, already normalised by <see cref="CodePath"/>.</summary>
    public required string Path { get; set; }

    public required string Content { get; set; }
    public required string Language { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
