using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Socrates.Api.Http;

/// <summary>
/// The last line of defence: whatever escapes a handler leaves as ProblemDetails with a message a person
/// can act on. Stack traces go to the log, never to the client.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client is asked to wait before retrying when the database is down.</summary>
    private const int DatabaseRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var databaseDown = exception is not ProblemException && !exception.IsTransactionConflict() && exception.IsDatabaseUnavailable();
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"{tooLarge.Message} Send a smaller body; the limit is set by Api:MaxRequestBodyBytes.",
            },
            BadHttpRequestException { InnerException: JsonException json } => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Malformed JSON",
                Detail = $"The request body is not valid JSON for this endpoint: {BadRequestMessages.ForJson(json)}",
            },
            ProblemException known => known.ToProblemDetails(),
            // The races a handler's "does it exist?" check cannot close. Every save runs in one transaction, so the
            // loser wrote nothing, and what it acted on (or the parent it wrote under) is gone: 404, never 500.
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found",
                Detail = "What this request changes was deleted by another request at the same moment; nothing was saved.",
            },
            DbUpdateException fk when fk.IsForeignKeyViolation() => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found",
                Detail = "What this request writes under (its project) was deleted by another request at the same moment; nothing was saved.",
            },
            _ when exception.IsTransactionConflict() => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "Another request changed the same data at the same moment and this one was rolled back; nothing was saved. Try again.",
            },

            // PostgreSQL counts a deadlock as transient too; it is the 409 above, not an outage.
            _ when databaseDown => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = $"The database is unavailable right now, so the request was not completed. Try again in {DatabaseRetryAfterSeconds} seconds; GET /health shows which database is down.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                Detail = BadRequestMessages.ForBinding(bad),
            },
            _ => null,
        };

        if (databaseDown)
        {
            // Logged without the request's data: the exception says which server failed, for the operator only.
            logger.LogWarning(exception, "Database unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "Something went wrong on the server. Nothing was saved; try again, and if it persists report the trace id.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
