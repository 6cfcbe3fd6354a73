using Socrates.Api.Http;

namespace Socrates.Api.Documents;

public sealed record CreateDocumentRequest(string? Title, string? Content, string? Source) : IValidatable
{
    public const int MaxSourceLength = 32;

    public Validator Validate() => new Validator()
        .Required("title", Title, KnowledgeDocument.MaxTitleLength)
        .Required("content", Content, int.MaxValue, TextKind.Multiline)
        .MaxLength("source", Source, MaxSourceLength);
}

public sealed record DocumentSummary(Guid Id, Guid ProjectId, string Title, string Source, int Length, DateTime CreatedAt);

public sealed record DocumentResponse(Guid Id, Guid ProjectId, string Title, string Content, string Source, DateTime CreatedAt)
{
    public static DocumentResponse From(KnowledgeDocument d) => new(d.Id, d.ProjectId, d.Title, d.Content, d.Source, d.CreatedAt);
}

public sealed record DocumentList(IReadOnlyList<DocumentSummary> Items);
