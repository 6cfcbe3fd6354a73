using System.Text.Json;
using Socrates.Api.Documents;
using Socrates.Api.Files;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Export;

/// <summary>An upload read as a project.</summary>
public sealed record ParsedImport(ImportedProject Project, string Format, IReadOnlyList<string> Warnings);

/// <summary>Turns an uploaded export back into a project: format detection, version and schema checks, and one save.</summary>
public static class ProjectImporter
{
    private const int MaxErrorsShown = 20;

    /// <exception cref="ProblemException">400: the upload is not a Socrates export this server reads, and why.</exception>
    public static ParsedImport Parse(string text, ExportSchema schema)
    {
        text = text.TrimStart('\uFEFF'); // a byte order mark is not part of the document
        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (start.StartsWith("{"))
        {
            return new ParsedImport(ParseJson(text, schema), "json", []);
        }

        if (MarkdownImporter.LooksLikeExport(text))
        {
            var project = MarkdownImporter.TryRead(text, out var error, out var filesListed);
            if (project is null)
            {
                throw Bad("Malformed Markdown export", error);
            }

            IReadOnlyList<string> warnings = filesListed == 0 ? [] :
            [
                $"The Markdown export lists {filesListed} generated files but does not hold their content, so they were not imported. " +
                "Import the JSON export to keep them.",
            ];
            return new ParsedImport(project, "markdown", warnings);
        }

        throw Bad("Not a Socrates export",
            "The upload is neither JSON nor a Socrates Markdown export (which starts with " +
            $"'{MarkdownExporter.Marker}'). Upload a file from GET /api/v1/projects/{{id}}/export/json or /export/markdown.");
    }

    private static ImportedProject ParseJson(string text, ExportSchema schema)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Bad("Not JSON", $"The upload starts like JSON but is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema_version", out var versionElement)
                || versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt32(out var version))
            {
                throw Bad("Not a Socrates export",
                    "The JSON has no integer 'schema_version', so it is not a Socrates project export. " +
                    "See GET /api/v1/schemas/project-export.json for the format.");
            }

            // Version 1 is the first format; when a version 2 comes, version 1 files are migrated here before the checks.
            if (version > ProjectExport.CurrentSchemaVersion)
            {
                throw Bad("Unsupported export version",
                    $"This export has schema_version {version}, made by a newer Socrates; this server reads version " +
                    $"{ProjectExport.CurrentSchemaVersion}. Upgrade the server, or export again from a server of the same version.");
            }

            if (version < 1)
            {
                throw Bad("Unsupported export version",
                    $"schema_version {version} was never a Socrates export format; this server reads version {ProjectExport.CurrentSchemaVersion}.");
            }

            var errors = schema.Check(root);
            if (errors.Count > 0)
            {
                throw Bad("Export does not match its schema",
                    $"The export breaks {errors.Count} rule(s) of GET /api/v1/schemas/project-export.json: " +
                    string.Join("; ", errors.Take(MaxErrorsShown)) + (errors.Count > MaxErrorsShown ? "; ..." : ""));
            }

            // The schema pins every type and format, so this is not expected to fail; if the two ever disagree, the
            // upload is still what is wrong.
            ProjectExport export;
            try
            {
                export = root.Deserialize<ProjectExport>(JsonExporter.Options)
                    ?? throw new JsonException("The export is null.");
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                throw Bad("Export does not match its schema", $"The export cannot be read: {e.Message}");
            }

            if (export.Project?.Llm is null || export.Specifications is null || export.Documents is null || export.GeneratedFiles is null
                || export.Specifications.Any(s => s is null) || export.Documents.Any(d => d is null) || export.GeneratedFiles.Any(f => f is null))
            {
                throw Bad("Export does not match its schema", "The export is missing 'project', 'project.llm', or one of its lists or items.");
            }

            var p = export.Project;
            return new ImportedProject(
                p.Name, p.Description, p.Phase, p.Llm.Provider, p.Llm.Model,
                [.. export.Specifications.Select(s => new ImportedSpecification(s.Category, s.Key, s.Value, s.Confidence, s.Source))],
                [.. export.Documents.Select(d => new ImportedDocument(d.Title, d.Content, d.Source))],
                [.. export.GeneratedFiles.Select(f => new ImportedFile(f.Path, f.Language, f.Content))]);
        }
    }

    /// <summary>
    /// Adds the project and everything in it with one SaveChanges, which EF Core runs in one transaction: an import
    /// that fails half-way leaves nothing behind. Each item keeps its source, so exporting the new project gives
    /// the same content as the file it came from.
    /// </summary>
    public static async Task<Project> SaveAsync(ImportedProject imported, Guid ownerId, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        // A new project has no stored files, so only the upload's own paths can clash.
        PathClash.Check([], [.. imported.Files.Select(f => f.Path)]);
        var now = time.GetUtcNow().UtcDateTime;
        var project = Project.New(ownerId, imported.Name, imported.Description, now);
        project.Phase = imported.Phase;
        project.LlmProvider = imported.LlmProvider;
        project.LlmModel = imported.LlmModel;
        db.Projects.Add(project);
        db.Specifications.AddRange(imported.Specifications.Select(s =>
            Specification.New(project.Id, s.Category, s.Key, s.Value, s.Confidence, s.Source, now)));

        // Documents are listed by creation time; a microsecond apart keeps the file's order.
        db.Documents.AddRange(imported.Documents.Select((d, i) => new KnowledgeDocument
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            Title = d.Title,
            Content = d.Content,
            Source = d.Source,
            CreatedAt = now.AddTicks(i * TimeSpan.TicksPerMicrosecond),
        }));
        db.Files.AddRange(imported.Files.Select(f => new GeneratedFile
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            Path = f.Path,
            Language = f.Language,
            Content = f.Content,
            CreatedAt = now,
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        return project;
    }

    private static ProblemException Bad(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);
}
