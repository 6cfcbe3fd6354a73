using Socrates.Api.Documents;
using Socrates.Analysis;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.RepositoryImport;

/// <summary>
/// Writes an analysis as a new project: the project, one specification per derived fact (source
/// github_import, the analysed commit among them) and the README as a knowledge document, in one
/// transaction, so a failure leaves nothing behind. With use_llm the model's proposals (source llm) are
/// written in the same transaction; the model is asked before it begins, so no transaction waits on a provider.
/// </summary>
public sealed class RepositoryImporter(SpecsDb db, TimeProvider time)
{
    public const string DocumentSource = "github_import";

    /// <summary>The project an import will create, not yet saved: the model's call is recorded against its id.</summary>
    public Project NewProject(Guid ownerId, RepositoryAnalysis analysis, string? projectName)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var name = TextRules.IsVisible(projectName) ? TextRules.Trim(projectName!) : analysis.Source.FullName ?? analysis.Source.Location;
        return Project.New(
            ownerId, Truncate(name, Project.MaxNameLength), Truncate(Text(analysis.Description ?? ""), Project.MaxDescriptionLength), now);
    }

    /// <param name="proposal">The model's proposals when use_llm was asked for, else null.</param>
    public async Task<ImportRepositoryResponse> ImportAsync(Project project, RepositoryAnalysis analysis, LlmProposal? proposal, CancellationToken ct)
    {
        var now = project.CreatedAt;
        var specifications = analysis.Specifications
            .GroupBy(s => (s.Category, s.Key))
            .Select(g => g.First())
            .Select(s => Specification.New(
                project.Id,
                Truncate(s.Category, Specification.MaxCategoryLength),
                Truncate(s.Key, Specification.MaxKeyLength),
                Text(s.Value),
                s.Confidence,
                SpecificationSources.GitHubImport,
                now))
            .ToList();
        var llmSpecifications = (proposal?.Specifications ?? [])
            .Select(s => Specification.New(project.Id, s.Category, s.Key, s.Value, s.Confidence, SpecificationSources.Llm, now))
            .ToList();

        KnowledgeDocument? readme = null;
        if (analysis.Readme is { Content.Length: > 0 } file)
        {
            readme = new KnowledgeDocument
            {
                Id = Guid.CreateVersion7(),
                ProjectId = project.Id,
                Title = Truncate($"{file.Path} ({analysis.Source.FullName ?? analysis.Source.Location})", KnowledgeDocument.MaxTitleLength),
                Content = Text(file.Content),
                Source = DocumentSource,
                CreatedAt = now,
            };
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Projects.Add(project);
        db.Specifications.AddRange(specifications);
        db.Specifications.AddRange(llmSpecifications);
        if (readme is not null)
        {
            db.Documents.Add(readme);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportRepositoryResponse(
            project.Id,
            specifications.Count + llmSpecifications.Count,
            proposal is null ? null : llmSpecifications.Count,
            readme?.Id,
            proposal?.Usage,
            proposal?.Warnings ?? [],
            analysis);
    }

    /// <summary>A repository's text as a column can hold it: PostgreSQL text refuses NUL characters.</summary>
    private static string Text(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
