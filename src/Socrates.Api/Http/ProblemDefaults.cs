using Socrates.Api.Telemetry;

namespace Socrates.Api.Http;

internal static class ProblemDefaults
{
    /// <summary>
    /// Bodiless statuses from the framework (401 from the bearer handler, 404 for unknown routes, 405) get a
    /// sentence too, so every error a client sees says what to do next.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        // The W3C trace id (the incoming traceparent's, else the request's own): the one in the logs, traces and traceresponse header.
        problem.Extensions["trace_id"] = RequestTrace.Id(context.HttpContext);
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status401Unauthorized =>
                "Sign in first: send 'Authorization: Bearer <access_token>' with a token from POST /api/v1/auth/login.",
            StatusCodes.Status403Forbidden => "Your account is not allowed to do this.",
            StatusCodes.Status404NotFound => $"There is no endpoint at {context.HttpContext.Request.Path}. See /scalar for the API.",
            StatusCodes.Status413PayloadTooLarge =>
                "The request body is larger than this server accepts. Send a smaller body; the limit is set by Api:MaxRequestBodyBytes.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{context.HttpContext.Request.Method} is not supported at {context.HttpContext.Request.Path}. See /scalar for the API.",
            _ => null,
        };
    }
}
