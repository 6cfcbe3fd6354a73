using Microsoft.AspNetCore.Http.HttpResults;

namespace Socrates.Api.Http;

/// <summary>The ProblemDetails responses handlers return, worded so the caller knows what to do next.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult ProjectNotFound(Guid projectId) =>
        NotFound($"No project with id {projectId} exists, or it belongs to another user.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: "The request has invalid fields: " + string.Join(", ", errors.Keys) + ". See 'errors' for each one.",
            title: "Invalid request");
}
