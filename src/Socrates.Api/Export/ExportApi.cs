using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Export;

public static class ExportApi
{
    public static readonly IReadOnlyList<string> Formats = ["markdown", "json", "pdf", "code"];

    public static IServiceCollection AddExport(this IServiceCollection services)
    {
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => new ExportSchema(ExportSchema.DefaultPath));
        services.AddSingleton(sp => new PdfExporter(sp.GetRequiredService<IOptions<ExportOptions>>(), sp.GetRequiredService<IHostEnvironment>()));
        return services;
    }

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Export and import");
        group.MapGet("/projects/{projectId:guid}/export/{format}", Export).WithName("ExportProject").RequireAuthorization()
            .WithSummary("Download the project as markdown, json, pdf or code (a zip of its files)")
            .WithDescription("404 for an unknown format, and for 'code' when the project has no files yet.")
            .Produces<byte[]>(StatusCodes.Status200OK, "text/markdown", "application/json", "application/pdf", "application/zip")
            .ProducesProjectProblems();
        group.MapGet("/schemas/project-export.json", Schema).WithName("GetProjectExportSchema").AllowAnonymous()
            .WithSummary("The JSON Schema of the json export and of an import (anonymous)")
            .Produces<string>(contentType: "application/schema+json");

        var limit = routes.ServiceProvider.GetRequiredService<IOptions<ExportOptions>>().Value.MaxImportBytes;
        group.MapPost("/projects/import", Import).WithName("ImportProject").RequireAuthorization()
            .WithMetadata(new ImportSizeLimit(limit))
            .DisableAntiforgery() // bearer tokens, no cookies: there is no cross-site form to forge
            .WithSummary("Create a project from a json export (a body or a multipart file)")
            .WithDescription("Checked against GET /api/v1/schemas/project-export.json; every invalid field is named (400). 413 past Export:MaxImportBytes.")
            .ProducesSignedInProblems().ProducesBodyProblems();
        return routes;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        Guid projectId, string format, HttpContext http, ClaimsPrincipal user, SpecsDb db, TimeProvider time, PdfExporter pdf, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        if (!Formats.Contains(format))
        {
            return Problems.NotFound($"There is no export format '{format}'. Use one of: {string.Join(", ", Formats)}.");
        }

        var export = await ProjectSnapshot.LoadAsync(db, project, time.GetUtcNow().UtcDateTime, ct);
        if (format == "code" && export.GeneratedFiles.Count == 0)
        {
            return Problems.NotFound(
                $"Project {projectId} has no generated files yet, so there is no code to export. Generate code first " +
                "(or PUT /api/v1/projects/{id}/files), or export the specification as markdown, json or pdf.");
        }

        var (bytes, contentType, extension) = format switch
        {
            "markdown" => (Encoding.UTF8.GetBytes(MarkdownExporter.Render(export)), "text/markdown; charset=utf-8", "md"),
            "json" => (JsonExporter.Render(export), "application/json; charset=utf-8", "json"),
            "pdf" => (pdf.Render(export, user.FindFirstValue("name") ?? "Socrates"), "application/pdf", "pdf"),
            _ => (CodeZipExporter.Render(export), "application/zip", "zip"),
        };

        http.Response.Headers.ContentDisposition = DownloadName.ContentDisposition(project.Name, extension);
        return TypedResults.Bytes(bytes, contentType);
    }

    private static ContentHttpResult Schema(ExportSchema schema) =>
        TypedResults.Content(schema.Text, "application/schema+json; charset=utf-8", Encoding.UTF8);

    internal static async Task<Results<Created<ImportResponse>, ValidationProblem>> Import(
        HttpRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, ExportSchema schema,
        ModelCatalogue catalogue, IOptions<ExportOptions> options, CancellationToken ct)
    {
        var parsed = ProjectImporter.Parse(await ImportUpload.ReadAsync(request, options.Value.MaxImportBytes, ct), schema);
        var validation = parsed.Project.Validate(catalogue);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var project = await ProjectImporter.SaveAsync(parsed.Project, user.Id(), db, time, ct);
        var maturity = await Maturity.ForProjectAsync(db, project.Id, ct);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", new ImportResponse(
            ProjectResponse.From(project, maturity),
            parsed.Format,
            parsed.Project.Specifications.Count,
            parsed.Project.Documents.Count,
            parsed.Project.Files.Count,
            parsed.Warnings));
    }

    /// <summary>Lets the import endpoint take a larger body than Api:MaxRequestBodyBytes (see Http/RequestBodyLimit.cs).</summary>
    private sealed class ImportSizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}

public sealed record ImportResponse(
    ProjectResponse Project,
    string Format,
    int Specifications,
    int Documents,
    int GeneratedFiles,
    IReadOnlyList<string> Warnings);
