namespace Socrates.Api.Documents;

public sealed class KnowledgeDocument
{
    public const int MaxTitleLength = 300;

    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    public string Source { get; set; } = "user";
    public DateTime CreatedAt { get; set; }
}
