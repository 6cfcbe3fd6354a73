using Microsoft.EntityFrameworkCore;
using Socrates.Api.Gateway.Limits;
using Socrates.Api.Persistence;

namespace Socrates.Api.Gateway;

internal static class GatewaySetup
{
    /// <summary>Call before AddProblemDetails: the first problem writer that accepts a request writes its errors.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services)
    {
        services.AddSingleton<IProblemDetailsWriter, OpenAiErrors>();
        services.AddSingleton<TokenLimits>();
        services.AddSingleton<IRateCounters>(sp =>
        {
            using var scope = sp.CreateScope();
            var auth = scope.ServiceProvider.GetRequiredService<AuthDb>().Database;

            // Instances share a PostgreSQL database and must share the counts; SQLite means one process.
            return auth.IsNpgsql()
                ? PostgresCounters.Create(auth.GetConnectionString()!, sp.GetRequiredService<ILogger<PostgresCounters>>())
                : new MemoryCounters();
        });
        services.AddHostedService<CounterSweeper>();
        return services;
    }
}
