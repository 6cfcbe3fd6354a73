using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Templates;

public static class TemplatesApi
{
    public static IServiceCollection AddTemplates(this IServiceCollection services) =>
        services.AddSingleton(_ => TemplateCatalogue.Load(TemplateCatalogue.DefaultFolder));

    public static IEndpointRouteBuilder MapTemplates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Templates").RequireAuthorization().ProducesSignedInProblems();
        group.MapGet("/templates", List).WithName("ListTemplates").WithSummary("The built-in templates and yours");
        group.MapPost("/templates", Create).WithName("CreateTemplate").WithSummary("Save a template of your own")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/templates/{templateId}", Get).WithName("GetTemplate").WithSummary("One template with its specifications")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/templates/{templateId}", Delete).WithName("DeleteTemplate").WithSummary("Delete a template of yours")
            .WithDescription("Built-in templates cannot be deleted (404 names them as such).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/projects/from-template", CreateProject).WithName("CreateProjectFromTemplate")
            .WithSummary("Create a project pre-filled with a template's specifications")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>The built-in templates, then the caller's own, newest first.</summary>
    internal static async Task<Ok<TemplateList>> List(ClaimsPrincipal user, SpecsDb db, TemplateCatalogue catalogue, CancellationToken ct)
    {
        var own = await db.Set<UserTemplate>().AsNoTracking()
            .Where(t => t.OwnerId == user.Id())
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(new TemplateList([.. catalogue.BuiltIn, .. own.Select(ToTemplate)]));
    }

    private static async Task<Results<Created<ProjectTemplate>, ValidationProblem, ProblemHttpResult>> Create(
        CreateTemplateRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var projectId = request.FromProjectId!.Value;
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var specs = await db.Specifications.AsNoTracking().Where(s => s.ProjectId == projectId).ToListAsync(ct);
        var covered = specs.Select(s => s.Category).ToHashSet(StringComparer.Ordinal);
        var content = new TemplateContent(
            [.. specs
                .OrderBy(s => Projects.CategoryOrder.Rank(s.Category)).ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new TemplateSpecification(s.Category, s.Key, s.Value, s.Confidence))],
            // What the source project left open is what a project started from it will need to answer first.
            [.. Maturity.CoreCategories.Where(c => !covered.Contains(c))
                .Select(c => $"Nothing is specified for '{c}' yet: what should it say?")]);

        var template = new UserTemplate
        {
            Id = Guid.CreateVersion7(),
            OwnerId = user.Id(),
            Name = TextRules.Trim(request.Name!),
            Description = request.Description?.Trim() ?? project.Description,
            Content = JsonSerializer.Serialize(content, TemplateCatalogue.Json),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<UserTemplate>().Add(template);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ResourcePath.Of("/api/v1/templates", template.Id.ToString()), ToTemplate(template));
    }

    /// <summary>A built-in template or one of the caller's own: where a created template's Location points.</summary>
    private static async Task<Results<Ok<ProjectTemplate>, ProblemHttpResult>> Get(
        string templateId, ClaimsPrincipal user, SpecsDb db, TemplateCatalogue catalogue, CancellationToken ct)
    {
        if (catalogue.Find(templateId) is { } builtIn)
        {
            return TypedResults.Ok(builtIn);
        }

        var template = Guid.TryParse(templateId, out var id)
            ? await db.Set<UserTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == user.Id(), ct)
            : null;
        return template is null ? TemplateNotFound(templateId) : TypedResults.Ok(ToTemplate(template));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string templateId, ClaimsPrincipal user, SpecsDb db, TemplateCatalogue catalogue, CancellationToken ct)
    {
        if (catalogue.Find(templateId) is not null)
        {
            return Problems.Conflict($"'{templateId}' is a built-in template and cannot be deleted; only templates you made can be.");
        }

        var template = Guid.TryParse(templateId, out var id)
            ? await db.Set<UserTemplate>().FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == user.Id(), ct)
            : null;
        if (template is null)
        {
            return TemplateNotFound(templateId);
        }

        db.Set<UserTemplate>().Remove(template);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Created<ProjectResponse>, ValidationProblem, ProblemHttpResult>> CreateProject(
        CreateFromTemplateRequest request, ClaimsPrincipal user, SpecsDb db, TemplateCatalogue catalogue, TimeProvider time, CancellationToken ct)
    {
        var template = catalogue.Find(request.TemplateId!);
        if (template is null && Guid.TryParse(request.TemplateId, out var id))
        {
            var own = await db.Set<UserTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == user.Id(), ct);
            template = own is null ? null : ToTemplate(own);
        }

        if (template is null)
        {
            return TemplateNotFound(request.TemplateId!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var project = Project.New(user.Id(), TextRules.Trim(request.Name!), request.Description?.Trim() ?? template.Description, now);
        db.Projects.Add(project);
        db.Specifications.AddRange(template.Specifications.Select(s =>
            Specification.New(project.Id, s.Category, s.Key, s.Value, s.Confidence, SpecificationSources.Template, now)));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{project.Id}",
            ProjectResponse.From(project, await Maturity.ForProjectAsync(db, project.Id, ct)));
    }

    private static ProjectTemplate ToTemplate(UserTemplate t) => TemplateCatalogue.Create(
        t.Id.ToString(), t.Name, t.Description, false,
        JsonSerializer.Deserialize<TemplateContent>(t.Content, TemplateCatalogue.Json)!, t.CreatedAt);

    private static ProblemHttpResult TemplateNotFound(string templateId) =>
        Problems.NotFound($"No template with id '{templateId}' exists, or it belongs to another user. GET /api/v1/templates lists the ones you can use.");
}
