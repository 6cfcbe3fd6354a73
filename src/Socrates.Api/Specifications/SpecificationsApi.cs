using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Specifications;

public static class SpecificationsApi
{
    public static IEndpointRouteBuilder MapSpecifications(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects/{projectId:guid}/specifications")
            .WithTags("Specifications").RequireAuthorization();
        group.MapPost("/", Create).WithName("CreateSpecification");
        group.MapPost("/batch", CreateBatch).WithName("CreateSpecifications");
        group.MapGet("/", List).WithName("ListSpecifications");
        group.MapGet("/{specificationId:guid}", Get).WithName("GetSpecification");
        group.MapPatch("/{specificationId:guid}", Update).WithName("UpdateSpecification");
        group.MapDelete("/{specificationId:guid}", Delete).WithName("DeleteSpecification");
        group.MapGet("/{specificationId:guid}/history", History).WithName("GetSpecificationHistory")
            .WithSummary("The values a specification held before, newest first.");
        return routes;
    }

    private static Task<Results<Created<SpecificationResponse>, ValidationProblem, ProblemHttpResult>> Create(
        Guid projectId, CreateSpecificationRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct) =>
        AddAsync(projectId, [request], "",
            added => TypedResults.Created($"/api/v1/projects/{projectId}/specifications/{added.Items[0].Id}", added.Items[0]),
            user, db, time, ct);

    private static Task<Results<Created<SpecificationList>, ValidationProblem, ProblemHttpResult>> CreateBatch(
        Guid projectId, CreateSpecificationsBatchRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct) =>
        AddAsync(projectId, request.Specifications ?? [], "specifications",
            added => TypedResults.Created($"/api/v1/projects/{projectId}/specifications", added),
            user, db, time, ct);

    /// <summary>All or nothing: one SaveChanges, so a batch with one bad or duplicate item stores none.</summary>
    private static async Task<Results<Created<T>, ValidationProblem, ProblemHttpResult>> AddAsync<T>(
        Guid projectId, IReadOnlyList<CreateSpecificationRequest> items, string field, Func<SpecificationList, Created<T>> created,
        ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var validation = new Validator();
        if (items.Count == 0)
        {
            validation.Add(field, $"'{field}' must hold at least one specification.");
        }
        else if (items.Count > CreateSpecificationsBatchRequest.MaxBatchSize)
        {
            validation.Add(field, $"A batch holds at most {CreateSpecificationsBatchRequest.MaxBatchSize} specifications (got {items.Count}).");
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                validation.Add($"{field}[{i}]", "A specification cannot be null.");
                continue;
            }

            items[i].Validate(validation, field == "" ? "" : $"{field}[{i}].");
        }

        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var specs = items.Select(i => i.ToEntity(projectId, now)).ToList();

        var repeated = specs.GroupBy(s => (s.Category, s.Key)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            return Problems.Invalid(field == "" ? "key" : field,
                $"The key '{repeated.Key.Key}' appears more than once in category '{repeated.Key.Category}'.");
        }

        var categories = specs.Select(s => s.Category).Distinct().ToList();
        var existing = await db.Specifications
            .Where(s => s.ProjectId == projectId && categories.Contains(s.Category))
            .Select(s => new { s.Category, s.Key })
            .ToListAsync(ct);
        var clash = specs.FirstOrDefault(s => existing.Any(e => e.Category == s.Category && e.Key == s.Key));
        if (clash is not null)
        {
            return KeyTaken(clash.Category, clash.Key);
        }

        db.Specifications.AddRange(specs);
        project.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict("Another request added one of these keys at the same moment; nothing was saved. Reload and try again.");
        }

        return created(new SpecificationList(specs.Select(SpecificationResponse.From).ToList()));
    }

    private static ProblemHttpResult KeyTaken(string category, string key) =>
        Problems.Conflict($"The project already has a specification '{key}' in category '{category}'. Update it (PATCH) instead of adding it again.");

    private static async Task<Results<Ok<SpecificationList>, ProblemHttpResult>> List(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct, string? category = null)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var query = db.Specifications.AsNoTracking().Where(s => s.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(category))
        {
            var normalized = SpecificationText.Category(category);
            query = query.Where(s => s.Category == normalized);
        }

        var specs = await query.OrderBy(s => s.Category).ThenBy(s => s.Key).ToListAsync(ct);
        return TypedResults.Ok(new SpecificationList(specs.Select(SpecificationResponse.From).ToList()));
    }

    /// <summary>One specification: where a created one's Location points.</summary>
    private static async Task<Results<Ok<SpecificationResponse>, ProblemHttpResult>> Get(
        Guid projectId, Guid specificationId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var spec = await db.Specifications.AsNoTracking().FirstOrDefaultAsync(s => s.Id == specificationId && s.ProjectId == projectId, ct);
        return spec is null
            ? Problems.NotFound($"Project {projectId} has no specification with id {specificationId}.")
            : TypedResults.Ok(SpecificationResponse.From(spec));
    }

    private static async Task<Results<Ok<SpecificationResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid projectId, Guid specificationId, UpdateSpecificationRequest request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var spec = await db.Specifications.FirstOrDefaultAsync(s => s.Id == specificationId && s.ProjectId == projectId, ct);
        if (spec is null)
        {
            return Problems.NotFound($"Project {projectId} has no specification with id {specificationId}.");
        }

        var category = request.Category is null ? spec.Category : SpecificationText.Category(request.Category);
        var key = request.Key is null ? spec.Key : TextRules.Trim(request.Key);
        if ((category != spec.Category || key != spec.Key)
            && await db.Specifications.AnyAsync(s => s.ProjectId == projectId && s.Category == category && s.Key == key, ct))
        {
            return KeyTaken(category, key);
        }

        var now = time.GetUtcNow().UtcDateTime;
        spec.Replace(db, request.Value ?? spec.Value, request.Confidence ?? spec.Confidence, request.Source ?? spec.Source, now);
        spec.Category = category;
        spec.Key = key;
        spec.UpdatedAt = now;
        project.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return KeyTaken(category, key);
        }

        return TypedResults.Ok(SpecificationResponse.From(spec));
    }

    private static async Task<Results<Ok<SpecificationHistory>, ProblemHttpResult>> History(
        Guid projectId, Guid specificationId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var spec = await db.Specifications.AsNoTracking().FirstOrDefaultAsync(s => s.Id == specificationId && s.ProjectId == projectId, ct);
        if (spec is null)
        {
            return Problems.NotFound($"Project {projectId} has no specification with id {specificationId}.");
        }

        var changes = await db.Set<SpecificationChange>().AsNoTracking()
            .Where(c => c.SpecificationId == specificationId)
            .OrderByDescending(c => c.ReplacedAt).ThenByDescending(c => c.Id)
            .Select(c => new SpecificationHistoryEntry(c.Value, c.Confidence, c.Source, c.ReplacedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new SpecificationHistory(SpecificationResponse.From(spec), changes));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid projectId, Guid specificationId, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var spec = await db.Specifications.FirstOrDefaultAsync(s => s.Id == specificationId && s.ProjectId == projectId, ct);
        if (spec is null)
        {
            return Problems.NotFound($"Project {projectId} has no specification with id {specificationId}.");
        }

        db.Specifications.Remove(spec);
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
