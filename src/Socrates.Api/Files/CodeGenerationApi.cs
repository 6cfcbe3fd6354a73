using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Files;

public sealed record GeneratedCodeResponse(IReadOnlyList<FileResponse> Files, ChatUsage Usage);

/// <summary>The project's model writes code from its specifications; the files land beside the ones users upload.</summary>
public static class CodeGenerationApi
{
    public static IEndpointRouteBuilder MapCodeGeneration(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/projects/{projectId:guid}").WithTags("LLM").RequireAuthorization()
            .MapPost("/generate-code", GenerateCode).WithName("GenerateCode")
            .WithSummary("Generate code from the project's specifications with its model")
            .WithDescription("The files the model writes are stored under the project (GET …/files) and returned. 502 when the model's " +
                "answer holds no usable files.")
            .ProducesProjectProblems().ProducesBodyProblems().ProducesModelProblems();
        return routes;
    }

    internal static async Task<Results<Ok<GeneratedCodeResponse>, ValidationProblem, ProblemHttpResult>> GenerateCode(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CallSettingsCache lookups, ChatRouter router, TimeProvider time, CancellationToken ct)
    {
        // Read fresh, not from the lookup cache: the prompt needs the project's name and description as they are now.
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var specifications = await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.Category).ThenBy(s => s.Key)
            .Select(s => new { s.Category, s.Key, s.Value })
            .ToListAsync(ct);
        if (specifications.Count == 0)
        {
            return Problems.Invalid("specifications",
                $"Project {projectId} has no specifications yet; add some with POST /api/v1/projects/{projectId}/specifications first.");
        }

        var prompt = CodeGenerator.Prompt(project, specifications.Select(s => (s.Category, s.Key, s.Value)));
        var call = await router.PrepareAsync(user.Id(), await lookups.ForCallAsync(project, ct), prompt, CodeGenerator.Options(), ct);
        var result = await router.CompleteAsync(call, ct);

        if (!CodeGenerator.TryParse(result.Text, out var files, out var error))
        {
            throw new ProblemException(
                StatusCodes.Status502BadGateway,
                "Unusable code generation answer",
                $"'{result.Target.Provider}' (model {result.Target.Model}) answered, but: {error}",
                new Dictionary<string, object?> { ["provider"] = result.Target.Provider, ["model"] = result.Target.Model });
        }

        var stored = await CodeGenerator.StoreAsync(db, project, files, time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new GeneratedCodeResponse(
            [.. stored.Select(FileResponse.From)], ChatUsage.From(result.Target, result.Tokens, result.CostNanos)));
    }
}
