using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm.Usage;

/// <summary>The caller's tokens and cost, by provider, model, project and day.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapLlmUsage(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/llm").WithTags("LLM").RequireAuthorization()
            .MapGet("/usage", Usage).WithName("GetLlmUsage");
        return routes;
    }

    /// <summary>
    /// The latest bound a range may name. The range is cut at whole hours and days, and rounding a time in the last
    /// day of year 9999 up to the next midnight would leave the calendar; no usage is recorded that late anyway.
    /// </summary>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<Results<Ok<UsageReport>, ValidationProblem, ProblemHttpResult>> Usage(
        ClaimsPrincipal user, SpecsDb db, CancellationToken ct,
        Guid? project_id = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var validation = new Validator();
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (value > Latest)
            {
                validation.Add(name, $"'{name}' must be at most {Latest:O} (got {value:O}).");
            }
        }

        if (from is { } f && to is { } t && f > t)
        {
            validation.Add("from", $"'from' ({f:O}) is after 'to' ({t:O}).");
        }

        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (project_id is { } id && !await db.OwnsAsync(id, user.Id(), ct))
        {
            return Problems.ProjectNotFound(id);
        }

        // A call answers only once its usage is committed (UsageWriter), so every call answered so far is counted.
        return TypedResults.Ok(await UsageStats.ForUserAsync(db, user.Id(), project_id, from, to, ct));
    }
}
