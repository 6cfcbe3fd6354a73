using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Documents;

public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects/{projectId:guid}/documents")
            .WithTags("Knowledge documents").RequireAuthorization().ProducesProjectProblems();
        group.MapPost("/", Create).WithName("CreateDocument").WithSummary("Add a knowledge document the model reads with the project")
            .ProducesBodyProblems();
        group.MapGet("/", List).WithName("ListDocuments").WithSummary("The project's knowledge documents");
        group.MapGet("/{documentId:guid}", Get).WithName("GetDocument").WithSummary("One knowledge document with its content");
        group.MapDelete("/{documentId:guid}", Delete).WithName("DeleteDocument").WithSummary("Delete a knowledge document");
        return routes;
    }

    internal static async Task<Results<Created<DocumentResponse>, ValidationProblem, ProblemHttpResult>> Create(
        Guid projectId, CreateDocumentRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var document = new KnowledgeDocument
        {
            Id = Guid.CreateVersion7(),
            ProjectId = projectId,
            Title = TextRules.Trim(request.Title!),
            Content = request.Content!.ReplaceLineEndings("\n"),
            Source = TextRules.IsVisible(request.Source) ? TextRules.Trim(request.Source!) : "user",
            CreatedAt = now,
        };
        db.Documents.Add(document);
        project.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{projectId}/documents/{document.Id}", DocumentResponse.From(document));
    }

    private static async Task<Results<Ok<DocumentList>, ProblemHttpResult>> List(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == projectId)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Select(d => new DocumentSummary(d.Id, d.ProjectId, d.Title, d.Source, d.Content.Length, d.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new DocumentList(documents));
    }

    internal static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Get(
        Guid projectId, Guid documentId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ProjectId == projectId, ct);
        return document is null ? DocumentNotFound(projectId, documentId) : TypedResults.Ok(DocumentResponse.From(document));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid projectId, Guid documentId, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId && d.ProjectId == projectId, ct);
        if (document is null)
        {
            return DocumentNotFound(projectId, documentId);
        }

        db.Documents.Remove(document);
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult DocumentNotFound(Guid projectId, Guid documentId) =>
        Problems.NotFound($"Project {projectId} has no knowledge document with id {documentId}.");
}
