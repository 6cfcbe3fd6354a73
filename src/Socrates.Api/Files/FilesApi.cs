using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Files;

public static class FilesApi
{
    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects/{projectId:guid}/files")
            .WithTags("Generated files").RequireAuthorization().ProducesProjectProblems();
        group.MapPut("/", Put).WithName("PutFile").WithSummary("Create or replace a file by its path")
            .WithDescription("201 for a new path, 200 for a replaced one. 409 when the path clashes with a folder or file of the project " +
                "('src' beside 'src/a.py').")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListFiles").WithSummary("The project's files, by path");
        group.MapGet("/{**path}", Get).WithName("GetFile").WithSummary("One file by its path").ProducesValidationProblem();
        group.MapDelete("/{**path}", Delete).WithName("DeleteFile").WithSummary("Delete a file by its path").ProducesValidationProblem();
        return routes.MapCodeGeneration();
    }

    /// <summary>Creates the file at its path, or replaces the one already there: the path is the file's identity.</summary>
    private static async Task<Results<Created<FileResponse>, Ok<FileResponse>, ValidationProblem, ProblemHttpResult>> Put(
        Guid projectId, PutFileRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var validation = request.Validate(out var path);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var language = string.IsNullOrWhiteSpace(request.Language) ? Languages.FromPath(path) : request.Language.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await PathClash.CheckLockedAsync(db, projectId, [path], now, ct);
        var file = await db.Files.FirstOrDefaultAsync(f => f.ProjectId == projectId && f.Path == path, ct);
        var created = file is null;
        if (file is null)
        {
            file = new GeneratedFile { Id = Guid.CreateVersion7(), ProjectId = projectId, Path = path, Content = "", Language = language, CreatedAt = now };
            db.Files.Add(file);
        }

        file.Content = request.Content!;
        file.Language = language;
        file.UpdatedAt = now;
        project.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict($"Another request wrote '{path}' at the same moment; nothing was saved. Try again.");
        }

        var response = FileResponse.From(file);
        return created
            ? TypedResults.Created(ResourcePath.Of($"/api/v1/projects/{projectId}/files", path), response)
            : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<FileList>, ProblemHttpResult>> List(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var files = await db.Files.AsNoTracking()
            .Where(f => f.ProjectId == projectId)
            .OrderBy(f => f.Path)
            .Select(f => new FileSummary(f.Id, f.Path, f.Language, f.Content.Length, f.UpdatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new FileList(files));
    }

    internal static async Task<Results<Ok<FileResponse>, ValidationProblem, ProblemHttpResult>> Get(
        Guid projectId, string path, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        if (!CodePath.TryNormalize(path, out var normalized, out var error, lookup: true))
        {
            return Problems.Invalid("path", error);
        }

        var file = await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.ProjectId == projectId && f.Path == normalized, ct);
        return file is null ? FileNotFound(projectId, normalized) : TypedResults.Ok(FileResponse.From(file));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        Guid projectId, string path, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        if (!CodePath.TryNormalize(path, out var normalized, out var error, lookup: true))
        {
            return Problems.Invalid("path", error);
        }

        var file = await db.Files.FirstOrDefaultAsync(f => f.ProjectId == projectId && f.Path == normalized, ct);
        if (file is null)
        {
            return FileNotFound(projectId, normalized);
        }

        db.Files.Remove(file);
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult FileNotFound(Guid projectId, string path) =>
        Problems.NotFound($"Project {projectId} has no generated file at '{path}'.");
}
