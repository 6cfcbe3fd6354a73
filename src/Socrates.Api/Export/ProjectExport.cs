namespace Socrates.Api.Export;

/// <summary>
/// Everything a project holds, as the JSON export writes it (snake_case) and every other format reads it.
/// The shape is pinned by Export/project-export.schema.json; change both together and bump <see cref="CurrentSchemaVersion"/>.
/// </summary>
public sealed record ProjectExport(
    int SchemaVersion,
    DateTime ExportedAt,
    ExportedProject Project,
    IReadOnlyList<ExportedSpecification> Specifications,
    IReadOnlyList<ExportedDocument> Documents,
    IReadOnlyList<ExportedFile> GeneratedFiles,
    IReadOnlyList<ExportedClarification>? Clarifications = null)
{
    public const int CurrentSchemaVersion = 1;
}

public sealed record ExportedProject(
    Guid Id,
    string Name,
    string Description,
    string Phase,
    int MaturityScore,
    ExportedLlm Llm,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>The model the project chose; both null when it uses the server's default.</summary>
public sealed record ExportedLlm(string? Provider, string? Model);

public sealed record ExportedSpecification(
    Guid Id,
    string Category,
    string Key,
    string Value,
    double Confidence,
    string Source,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record ExportedDocument(Guid Id, string Title, string Content, string Source, DateTime CreatedAt);

/// <summary>One question the workspace asked, and the user's answer (null while unanswered): the clarifications log.</summary>
public sealed record ExportedClarification(string Category, string Key, string Question, string? Answer, DateTime AskedAt, DateTime? AnsweredAt);

public sealed record ExportedFile(Guid Id, string Path, string Language, string Content, DateTime CreatedAt, DateTime UpdatedAt);
