using System.Net;

namespace Socrates.Api.Llm.Calls;

/// <summary>
/// What the provider answered on the wire during one attempt. The three SDKs throw three different exception
/// types (and some hide the status), so the router classifies failures from this instead.
/// </summary>
public sealed class UpstreamAttempt
{
    private static readonly AsyncLocal<UpstreamAttempt?> CurrentAttempt = new();

    public static UpstreamAttempt? Current => CurrentAttempt.Value;

    public HttpStatusCode? Status { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Starts observing the calls made from this async flow; the caller reads the result afterwards.</summary>
    public static UpstreamAttempt Begin()
    {
        var attempt = new UpstreamAttempt();
        CurrentAttempt.Value = attempt;
        return attempt;
    }
}

/// <summary>The last handler before the socket: notes the status and Retry-After of every provider response.</summary>
public sealed class UpstreamCapture(TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (UpstreamAttempt.Current is { } attempt)
        {
            attempt.Status = response.StatusCode;
            attempt.RetryAfter = RetryAfter(response);
        }

        return response;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        // OpenAI also sends retry-after-ms, which is more precise when present.
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }
}
