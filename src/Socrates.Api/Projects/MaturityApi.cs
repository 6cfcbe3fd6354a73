using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Projects;

public static class MaturityApi
{
    public static IEndpointRouteBuilder MapMaturity(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/projects/{projectId:guid}/maturity", GetAsync)
            .WithTags("Projects").WithName("GetMaturity").RequireAuthorization()
            .WithSummary("Per-category maturity: score, best confidence, specifications, pending proposals and coverage status.");
        return routes;
    }

    private static async Task<Results<Ok<MaturityReport>, ProblemHttpResult>> GetAsync(Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct) =>
        await db.OwnsAsync(projectId, user.Id(), ct)
            ? TypedResults.Ok(await MaturityReport.ForProjectAsync(db, projectId, ct))
            : Problems.ProjectNotFound(projectId);
}
