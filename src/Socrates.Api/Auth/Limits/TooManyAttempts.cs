using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Socrates.Api.Auth.Limits;

/// <summary>The one answer to sign-in tried too often (a rate limit or a locked account): 429 with Retry-After.</summary>
public static class TooManyAttempts
{
    /// <param name="detail">The sentence for the caller, given the whole seconds to wait (at least 1).</param>
    public static ProblemHttpResult Problem(HttpContext context, TimeSpan retryAfter, Func<long, string> detail)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            detail: detail(seconds),
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many attempts");
    }
}
