using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Tokens;

namespace Socrates.Api.Gateway.Limits;

/// <summary>
/// Requests and tokens per minute per personal access token, in fixed one-minute windows: the token's own limits or the
/// server's defaults (<see cref="TokenOptions"/>). Every /v1 answer carries the x-ratelimit-* headers OpenAI's clients
/// read; a refusal is 429 with Retry-After until the next minute. The refusal is returned, not thrown: the exception
/// handler clears the response's headers, and these must reach the client. Tokens are known only once a call ends, so a call is
/// let through while the minute's tokens are under the limit, and what it used counts against the rest of the minute.
/// On one instance the remaining counts are exact; with several on PostgreSQL, requests another instance has leased and
/// not served yet count as made, and other instances' tokens arrive within a fraction of a second (<see cref="PostgresCounters"/>).
/// </summary>
public sealed class TokenLimits(IRateCounters counters, IOptionsMonitor<TokenOptions> options, TimeProvider time)
{
    /// <returns>The permit to report the call's tokens to, or the 429 to answer instead.</returns>
    public async Task<(TokenLimitPermit? Permit, ProblemHttpResult? Refusal)> AcquireAsync(TokenGrant grant, HttpResponse response, CancellationToken ct)
    {
        var maxRequests = grant.RequestsPerMinute ?? options.CurrentValue.RequestsPerMinute;
        var maxTokens = grant.TokensPerMinute ?? options.CurrentValue.TokensPerMinute;
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var reset = TimeSpan.FromSeconds(((minute + 1) * 60) - now.ToUnixTimeSeconds());
        var (allowed, use) = await counters.TryTakeAsync(grant.Id, minute, maxRequests, maxTokens, ct);

        var headers = response.Headers;
        var resetText = string.Create(CultureInfo.InvariantCulture, $"{(int)reset.TotalSeconds}s");
        headers["x-ratelimit-limit-requests"] = maxRequests.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-requests"] = Math.Max(0, maxRequests - use.Requests).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset-requests"] = resetText;
        headers["x-ratelimit-limit-tokens"] = maxTokens.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-tokens"] = Math.Max(0, maxTokens - use.Tokens).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset-tokens"] = resetText;
        if (!allowed)
        {
            headers.RetryAfter = ((int)Math.Ceiling(reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var which = use.Requests >= maxRequests ? $"{maxRequests} requests" : $"{maxTokens} tokens";
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Rate limit reached",
                detail: $"The token '{grant.Name}' has used its {which} per minute. Try again in {(int)Math.Ceiling(reset.TotalSeconds)} s, " +
                "or create the token with higher requests_per_minute / tokens_per_minute (POST /api/v1/tokens).",
                extensions: new Dictionary<string, object?> { ["code"] = "rate_limit_exceeded" }));
        }

        return (new TokenLimitPermit(counters, grant.Id, minute), null);
    }
}

/// <summary>A request let through in its minute; the tokens it used are added to that minute when it ends.</summary>
public sealed class TokenLimitPermit(IRateCounters counters, Guid tokenId, long minute)
{
    public void Spent(TokenCounts tokens) => counters.AddTokens(tokenId, minute, tokens.Input + tokens.Output);
}
