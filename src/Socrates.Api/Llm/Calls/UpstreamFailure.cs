using Socrates.Api.Http;
using Socrates.Api.Llm.Providers;

namespace Socrates.Api.Llm.Calls;

/// <summary>The error_kind column and the cause named in a 502/503/504.</summary>
public static class UpstreamErrorKind
{
    public const string Timeout = "timeout";
    public const string RateLimited = "rate_limited";
    public const string ServerError = "server_error";
    public const string Overloaded = "overloaded";
    public const string Unauthorized = "unauthorized";
    public const string Rejected = "rejected";
    public const string MalformedResponse = "malformed_response";
    public const string Unreachable = "unreachable";
    public const string Interrupted = "interrupted";
}

/// <summary>One failed attempt, classified from what the wire showed rather than from SDK-specific exception types.</summary>
public sealed record UpstreamFailure(string Provider, string Model, string Kind, int? UpstreamStatus, bool Retryable, TimeSpan? RetryAfter)
{
    public static UpstreamFailure Classify(ChatTarget target, Exception exception, UpstreamAttempt wire, bool timedOut)
    {
        if (timedOut)
        {
            return new(target.Provider, target.Model, UpstreamErrorKind.Timeout, null, true, null);
        }

        var status = (int?)wire.Status;
        return status switch
        {
            429 => new(target.Provider, target.Model, UpstreamErrorKind.RateLimited, status, true, wire.RetryAfter),
            408 => new(target.Provider, target.Model, UpstreamErrorKind.Timeout, status, true, wire.RetryAfter),
            503 or 529 => new(target.Provider, target.Model, UpstreamErrorKind.Overloaded, status, true, wire.RetryAfter),
            >= 500 => new(target.Provider, target.Model, UpstreamErrorKind.ServerError, status, true, wire.RetryAfter),
            401 or 403 => new(target.Provider, target.Model, UpstreamErrorKind.Unauthorized, status, false, null),
            >= 400 => new(target.Provider, target.Model, UpstreamErrorKind.Rejected, status, false, null),
            // The provider said 200 and the SDK could not read what followed.
            >= 200 and < 300 => new(target.Provider, target.Model, UpstreamErrorKind.MalformedResponse, status, false, null),
            _ when NeverAnswered(exception) => new(target.Provider, target.Model, UpstreamErrorKind.Unreachable, null, true, null),
            _ => new(target.Provider, target.Model, UpstreamErrorKind.MalformedResponse, status, false, null),
        };
    }

    /// <summary>
    /// No response at all (DNS, refused or dropped connection). The Anthropic and OpenAI SDKs wrap HttpClient's
    /// exception in their own, so the cause is looked for down the chain.
    /// </summary>
    private static bool NeverAnswered(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }

    public ProblemException ToProblem(int attempts)
    {
        var name = $"'{Provider}' (model {Model})";
        var code = UpstreamStatus is { } s ? $" (HTTP {s})" : "";
        var (status, title, cause) = Kind switch
        {
            UpstreamErrorKind.Timeout => (StatusCodes.Status504GatewayTimeout, "Provider timed out", "did not answer in time"),
            UpstreamErrorKind.RateLimited => (StatusCodes.Status503ServiceUnavailable, "Provider rate limit", "kept refusing with a rate limit"),
            UpstreamErrorKind.Overloaded => (StatusCodes.Status503ServiceUnavailable, "Provider overloaded", "is overloaded"),
            UpstreamErrorKind.Unreachable => (StatusCodes.Status503ServiceUnavailable, "Provider unreachable", "could not be reached"),
            UpstreamErrorKind.ServerError => (StatusCodes.Status502BadGateway, "Provider error", "failed with a server error"),
            UpstreamErrorKind.Unauthorized => (StatusCodes.Status502BadGateway, "Provider refused the API key", "refused the API key; check or replace it"),
            UpstreamErrorKind.Rejected => (StatusCodes.Status502BadGateway, "Provider rejected the request", "rejected the request (is the model name right?)"),
            UpstreamErrorKind.Interrupted => (StatusCodes.Status502BadGateway, "Provider stream broke", "broke off the stream"),
            _ => (StatusCodes.Status502BadGateway, "Malformed provider response", "sent a response that could not be read"),
        };

        return new ProblemException(status, title, $"{name} {cause}{code} after {attempts} attempt(s).", new Dictionary<string, object?>
        {
            ["provider"] = Provider,
            ["model"] = Model,
            ["error_kind"] = Kind,
            ["upstream_status"] = UpstreamStatus,
        });
    }
}
