using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Health;

public sealed record DatabaseHealth(string Status, string Provider, string? Error);

public sealed record HealthResponse(string Status, DatabaseHealth Auth, DatabaseHealth Specs);

/// <summary>GET /health through the framework's health checks: one EF Core check per database, written as <see cref="HealthResponse"/>.</summary>
public static class HealthApi
{
    private const string Auth = "auth";
    private const string Specs = "specs";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AuthDb>(Auth)
            .AddDbContextCheck<SpecsDb>(Specs);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .WithTags("Health").WithName("Health").AllowAnonymous()
            .WithSummary("Both databases' health; 503 naming the one that is down (anonymous)")
            .WithMetadata(Answers<HealthResponse>(StatusCodes.Status200OK), Answers<HealthResponse>(StatusCodes.Status503ServiceUnavailable));
        // Liveness: the process answers; nothing it depends on is checked, so an outage elsewhere does not get it restarted.
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithTags("Health").WithName("Liveness").AllowAnonymous().WithSummary("Whether the process answers, checking nothing else (anonymous)")
            .WithMetadata(new DocumentedResponse(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .WithTags("Health").WithName("Readiness").AllowAnonymous()
            .WithSummary("Whether both databases answer, so the instance can take traffic (anonymous)")
            .WithMetadata(Answers<HealthResponse>(StatusCodes.Status200OK), Answers<HealthResponse>(StatusCodes.Status503ServiceUnavailable));
        return routes;
    }

    private static DocumentedResponse Answers<T>(int status) => new(status, typeof(T), ["application/json"]);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var response = new HealthResponse(
            report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
            Describe(report, Auth, services.GetRequiredService<AuthDb>()),
            Describe(report, Specs, services.GetRequiredService<SpecsDb>()));
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(response, json));
    }

    private static DatabaseHealth Describe(HealthReport report, string name, DbContext db)
    {
        var provider = db.Database.IsNpgsql() ? "postgresql" : "sqlite";
        var entry = report.Entries[name];
        return entry.Status == HealthStatus.Healthy
            ? new DatabaseHealth("healthy", provider, null)
            // The exception type says what failed (timeout, auth, DNS) without echoing connection details.
            : new DatabaseHealth("unhealthy", provider, entry.Exception?.GetType().Name ?? "The database cannot be reached.");
    }
}
