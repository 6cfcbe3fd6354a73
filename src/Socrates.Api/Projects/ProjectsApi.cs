using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;

namespace Socrates.Api.Projects;

public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects").WithTags("Projects").RequireAuthorization().ProducesSignedInProblems();
        group.MapPost("/", Create).WithName("CreateProject").WithSummary("Create a project")
            .WithDescription("'phase' is one of discovery, analysis, design, implementation (default discovery).")
            .ProducesBodyProblems()
            .WithExample(new CreateProjectRequest("Recipe planner", "Plan a week of meals from what is in the fridge.", "discovery"));
        group.MapGet("/", List).WithName("ListProjects").WithSummary("Your projects, newest first, with their maturity score")
            .ProducesValidationProblem();
        group.MapGet("/{projectId:guid}", Get).WithName("GetProject").WithSummary("A project with its maturity score")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{projectId:guid}", Update).WithName("UpdateProject").WithSummary("Change a project's name, description or phase")
            .WithDescription("Fields left out keep their value.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        group.MapDelete("/{projectId:guid}", Delete).WithName("DeleteProject").WithSummary("Delete a project and everything in it")
            .WithDescription("Specifications, documents, files, conversations and proposals go with it; its usage rows stay for the account's totals.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Created<ProjectResponse>, ValidationProblem>> Create(
        CreateProjectRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var project = Project.New(user.Id(), TextRules.Trim(request.Name!), request.Description?.Trim() ?? "", now);
        project.Phase = request.Phase ?? ProjectPhases.Default;
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", ProjectResponse.From(project, 0));
    }

    internal static async Task<Results<Ok<PagedList<ProjectResponse>>, ValidationProblem>> List(
        ClaimsPrincipal user, SpecsDb db, CancellationToken ct, int page = 1, int page_size = Paging.DefaultPageSize)
    {
        var validation = new Validator().CheckPaging(page, page_size);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var owned = db.Projects.AsNoTracking().Where(p => p.OwnerId == user.Id());
        var total = await owned.CountAsync(ct);
        var projects = await owned
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * page_size).Take(page_size)
            .ToListAsync(ct);
        var scores = await Maturity.ForProjectsAsync(db, projects.Select(p => p.Id).ToList(), ct);

        return TypedResults.Ok(new PagedList<ProjectResponse>(
            projects.Select(p => ProjectResponse.From(p, scores[p.Id])).ToList(), page, page_size, total));
    }

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Get(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        return project is null
            ? Problems.ProjectNotFound(projectId)
            : TypedResults.Ok(ProjectResponse.From(project, await Maturity.ForProjectAsync(db, projectId, ct)));
    }

    internal static async Task<Results<Ok<ProjectResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid projectId, UpdateProjectRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        project.Name = request.Name is null ? project.Name : TextRules.Trim(request.Name);
        project.Description = request.Description?.Trim() ?? project.Description;
        project.Phase = request.Phase ?? project.Phase;
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ProjectResponse.From(project, await Maturity.ForProjectAsync(db, projectId, ct)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CallSettingsCache lookups, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        // Specifications, documents and files go with it through ON DELETE CASCADE, in the same statement.
        db.Projects.Remove(project);
        await db.SaveChangesAsync(ct);
        await lookups.ForgetProjectAsync(projectId);
        return TypedResults.NoContent();
    }
}
