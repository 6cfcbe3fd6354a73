using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Http;

namespace Socrates.Api.Web.Components;

/// <summary>
/// Pages call the API's own handlers in process, so a page and an endpoint cannot drift apart; this turns a
/// handler's typed result into its value, or into the <see cref="ProblemException"/> the page shows next to the
/// control (a validation problem as its first field's message, under that field's name).
/// </summary>
public static class HandlerResults
{
    public const string FieldExtension = "field";

    public static T Value<T>(this INestedHttpResult results) => results.Result switch
    {
        Ok<T> ok => ok.Value!,
        Created<T> created => created.Value!,
        ValidationProblem invalid => throw Invalid(invalid),
        ProblemHttpResult problem => throw new ProblemException(
            problem.StatusCode, problem.ProblemDetails.Title ?? "", problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? ""),
        var other => throw new InvalidOperationException($"The handler answered {other.GetType().Name}, not {typeof(T).Name}."),
    };

    /// <summary>For a handler that answers with no body (204): only its problem matters.</summary>
    public static void Succeeded(this INestedHttpResult results)
    {
        switch (results.Result)
        {
            case ValidationProblem invalid:
                throw Invalid(invalid);
            case ProblemHttpResult problem:
                throw new ProblemException(problem.StatusCode, problem.ProblemDetails.Title ?? "", problem.ProblemDetails.Detail ?? "");
        }
    }

    private static ProblemException Invalid(ValidationProblem invalid)
    {
        var (field, messages) = invalid.ProblemDetails.Errors.First();
        return new ProblemException(StatusCodes.Status400BadRequest, "Invalid request", messages[0],
            new Dictionary<string, object?> { [FieldExtension] = field });
    }
}
