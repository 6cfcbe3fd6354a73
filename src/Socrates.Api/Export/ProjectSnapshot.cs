using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Export;

/// <summary>Reads a project and everything in it, in the one order every export format uses.</summary>
public static class ProjectSnapshot
{
    public static async Task<ProjectExport> LoadAsync(SpecsDb db, Project project, DateTime exportedAt, CancellationToken ct)
    {
        var specs = await db.Specifications.AsNoTracking().Where(s => s.ProjectId == project.Id).ToListAsync(ct);
        var documents = await db.Documents.AsNoTracking().Where(d => d.ProjectId == project.Id).ToListAsync(ct);
        var files = await db.Files.AsNoTracking().Where(f => f.ProjectId == project.Id).ToListAsync(ct);
        var maturity = await Maturity.ForProjectAsync(db, project.Id, ct);
        var clarifications = await Clarifications.LoadAsync(db, project.Id, ct);

        return new ProjectExport(
            ProjectExport.CurrentSchemaVersion,
            exportedAt,
            new ExportedProject(
                project.Id, project.Name, project.Description, project.Phase, maturity,
                new ExportedLlm(project.LlmProvider, project.LlmModel), project.CreatedAt, project.UpdatedAt),
            [.. specs
                .OrderBy(s => CategoryOrder.Rank(s.Category)).ThenBy(s => s.Category, StringComparer.Ordinal)
                .ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new ExportedSpecification(s.Id, s.Category, s.Key, s.Value, s.Confidence, s.Source, s.CreatedAt, s.UpdatedAt))],
            [.. documents
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
                .Select(d => new ExportedDocument(d.Id, d.Title, d.Content, d.Source, d.CreatedAt))],
            [.. files
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => new ExportedFile(f.Id, f.Path, f.Language, f.Content, f.CreatedAt, f.UpdatedAt))],
            clarifications);
    }
}

/// <summary>Core categories first, in the order a specification is usually written; the rest alphabetically after them.</summary>
public static class CategoryOrder
{
    public static int Rank(string category)
    {
        var index = Maturity.CoreCategories.IndexOf(category);
        return index < 0 ? Maturity.CoreCategories.Count : index;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
