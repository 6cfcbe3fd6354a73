using Npgsql;

namespace Socrates.Api.Persistence;

/// <summary>
/// LISTENs on <see cref="CacheInvalidation.Channel"/> over a connection of its own and applies other instances'
/// invalidations. Whenever it (re)connects it clears every cache first: a notification sent while it was not
/// listening is lost, and a stale entry must not outlive that.
/// </summary>
internal sealed class CacheInvalidationListener(CacheInvalidation invalidation, ILogger<CacheInvalidationListener> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (invalidation.PostgresConnection is not { } connectionString)
        {
            return;
        }

        // LISTEN belongs to a session: a pooled connection could be handed back and lose it.
        var dedicated = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(dedicated);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => invalidation.Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {CacheInvalidation.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                invalidation.ClearAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("Listening for other instances' cache invalidations failed, retrying: {Error}", e.Message);
                invalidation.ClearAll();
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }
}

internal static class CacheInvalidationSetup
{
    public static IServiceCollection AddCacheInvalidation(this IServiceCollection services)
    {
        services.AddSingleton<CacheInvalidation>();
        services.AddHostedService<CacheInvalidationListener>();
        return services;
    }
}
