using Socrates.Api.Documents;
using Socrates.Api.Files;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Export;

/// <summary>What an import creates, whichever format it came from; ids and timestamps are the new project's own.</summary>
public sealed record ImportedProject(
    string Name,
    string Description,
    string Phase,
    string? LlmProvider,
    string? LlmModel,
    IReadOnlyList<ImportedSpecification> Specifications,
    IReadOnlyList<ImportedDocument> Documents,
    IReadOnlyList<ImportedFile> Files)
{
    public const int MaxSourceLength = 32;
    public const int MaxLlmProviderLength = 32;
    public const int MaxLlmModelLength = 128;

    /// <summary>
    /// The same rules the create endpoints and set-llm apply, with field names pointing into the uploaded file: a
    /// model outside the catalogue would have no price, and so could be called without counting against any budget.
    /// </summary>
    public Validator Validate(ModelCatalogue catalogue)
    {
        var v = new Validator()
            .Required("project.name", Name, Project.MaxNameLength)
            .MaxLength("project.description", Description, Project.MaxDescriptionLength, TextKind.Multiline)
            .OneOf("project.phase", Phase, ProjectPhases.All)
            .MaxLength("project.llm.provider", LlmProvider, MaxLlmProviderLength)
            .MaxLength("project.llm.model", LlmModel, MaxLlmModelLength);

        // Both null is "the server's default"; anything else must be a pair set-llm would accept.
        if (LlmProvider is not null || LlmModel is not null)
        {
            SetLlmRequest.CheckRoute(v, catalogue, "project.llm.provider", "project.llm.model", LlmProvider, LlmModel);
        }

        var keys = new HashSet<(string, string)>();
        for (var i = 0; i < Specifications.Count; i++)
        {
            var s = Specifications[i];
            var field = $"specifications[{i}].";
            v.Required(field + "category", s.Category, Specification.MaxCategoryLength)
                .CategoryNamesSomething(field + "category", s.Category)
                .Required(field + "key", s.Key, Specification.MaxKeyLength)
                .Required(field + "value", s.Value, int.MaxValue, TextKind.Multiline)
                .InRange(field + "confidence", s.Confidence, 0, 1)
                .OneOf(field + "source", s.Source, SpecificationSources.All);
            if (TextRules.IsVisible(s.Category) && SpecificationText.Category(s.Category) is { Length: > 0 } normalized && s.Category != normalized)
            {
                v.Add(field + "category", $"'{s.Category}' is not a normalised category; Socrates writes it as '{normalized}'.");
            }

            if (!keys.Add((s.Category, s.Key)))
            {
                v.Add(field + "key", $"The key '{s.Key}' appears more than once in category '{s.Category}'.");
            }
        }

        for (var i = 0; i < Documents.Count; i++)
        {
            var d = Documents[i];
            v.Required($"documents[{i}].title", d.Title, KnowledgeDocument.MaxTitleLength)
                .Required($"documents[{i}].content", d.Content, int.MaxValue, TextKind.Multiline)
                .Required($"documents[{i}].source", d.Source, MaxSourceLength);
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Files.Count; i++)
        {
            var f = Files[i];
            if (!CodePath.TryNormalize(f.Path, out var normalized, out var error))
            {
                v.Add($"generated_files[{i}].path", error);
            }
            else if (normalized != f.Path)
            {
                v.Add($"generated_files[{i}].path", $"'{f.Path}' is not normalised; Socrates writes it as '{normalized}'.");
            }
            else if (!paths.Add(normalized))
            {
                v.Add($"generated_files[{i}].path", $"'{f.Path}' appears more than once.");
            }

            v.Required($"generated_files[{i}].language", f.Language, PutFileRequest.MaxLanguageLength)
                .MaxLength($"generated_files[{i}].content", f.Content, int.MaxValue, TextKind.Multiline);
        }

        return v;
    }
}

public sealed record ImportedSpecification(string Category, string Key, string Value, double Confidence, string Source);

public sealed record ImportedDocument(string Title, string Content, string Source);

public sealed record ImportedFile(string Path, string Language, string Content);
