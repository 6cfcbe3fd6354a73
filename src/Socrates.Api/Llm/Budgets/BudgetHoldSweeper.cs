using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Calls;

namespace Socrates.Api.Llm.Budgets;

/// <summary>
/// Releases budget holds whose calls will never settle: their instance stopped beating (<see cref="InstanceHeartbeat"/>)
/// or their lease expired. Sweeps at start-up, when a restart follows a crash, and then every
/// Llm:Calls:HoldSweepInterval. Safe on every instance at once: <see cref="BudgetGuard.ReleaseDeadAsync"/> releases a
/// hold only where it deletes the row.
/// </summary>
public sealed class BudgetHoldSweeper(
    IServiceScopeFactory scopes, IOptionsMonitor<LlmCallOptions> options, TimeProvider time, ILogger<BudgetHoldSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.HoldSweepInterval, time);
        try
        {
            do
            {
                await SweepAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a hold left now is released by the next sweep, here or on another instance.
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var now = time.GetUtcNow();
            var released = await scope.ServiceProvider.GetRequiredService<BudgetGuard>()
                .ReleaseDeadAsync(now, now - options.CurrentValue.InstanceStaleAfter, ct);
            if (released > 0)
            {
                logger.LogWarning("Released {Count} budget holds of calls that will never settle (their server stopped or their lease expired)", released);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A database hiccup must not stop the sweeper (or the server); the next tick tries again.
            logger.LogError(e, "Sweeping budget holds of dead calls failed");
        }
    }
}
