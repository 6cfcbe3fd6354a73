using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Auth;
using Socrates.Api.GitHub;
using Socrates.Api.Http;

namespace Socrates.Api.RepositoryImport;

/// <summary>A repository made into a project: GitHub's analysis, and with use_llm the model's reading of the README.</summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapRepositoryImport(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/github").WithTags("GitHub").RequireAuthorization();
        group.MapPost("/import", Import).WithName("ImportRepository").ProducesFetchProblems()
            .WithSummary("Create a project from a GitHub repository")
            .WithDescription("Specifications from the analysis, and from the README through the model when you have one (its usage is " +
                "recorded; a model failure leaves those out rather than failing the import).")
            .ProducesSignedInProblems().ProducesBodyProblems();
        return routes;
    }

    private static async Task<Created<ImportRepositoryResponse>> Import(
        ImportRepositoryRequest request, ClaimsPrincipal user, RepositoryImportService imports, CancellationToken ct)
    {
        var imported = await imports.ImportAsync(user.Id(), request, progress: null, ct);
        return TypedResults.Created($"/api/v1/projects/{imported.ProjectId}", imported);
    }
}
