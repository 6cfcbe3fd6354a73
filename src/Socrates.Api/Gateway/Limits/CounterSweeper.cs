namespace Socrates.Api.Gateway.Limits;

/// <summary>Deletes the counters of minutes that have passed, once a minute; each instance sweeps, which is harmless.</summary>
internal sealed class CounterSweeper(IRateCounters counters, TimeProvider time, ILogger<CounterSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await counters.SweepAsync((time.GetUtcNow().ToUnixTimeSeconds() / 60) - 1, stoppingToken);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Sweeping past rate-limit counters failed: {Error}", e.Message);
            }
        }
    }
}
