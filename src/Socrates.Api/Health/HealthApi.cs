using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Health;

public sealed record DatabaseHealth(string Status, string Provider, string? Error);

public sealed record HealthResponse(string Status, DatabaseHealth Auth, DatabaseHealth Specs);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Check).WithTags("Health").WithName("Health").AllowAnonymous();
        return routes;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Check(AuthDb auth, SpecsDb specs, CancellationToken ct)
    {
        var report = new HealthResponse("healthy", await ProbeAsync(auth, ct), await ProbeAsync(specs, ct));
        return report.Auth.Status == "healthy" && report.Specs.Status == "healthy"
            ? TypedResults.Ok(report)
            : TypedResults.Json(report with { Status = "unhealthy" }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<DatabaseHealth> ProbeAsync(DbContext db, CancellationToken ct)
    {
        var provider = db.Database.IsNpgsql() ? "postgresql" : "sqlite";
        try
        {
            return await db.Database.CanConnectAsync(ct)
                ? new DatabaseHealth("healthy", provider, null)
                : new DatabaseHealth("unhealthy", provider, "The database cannot be reached.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception type says what failed (timeout, auth, DNS) without echoing connection details.
            return new DatabaseHealth("unhealthy", provider, e.GetType().Name);
        }
    }
}
