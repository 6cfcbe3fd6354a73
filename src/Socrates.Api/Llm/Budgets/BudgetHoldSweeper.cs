using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Calls;

namespace Socrates.Api.Llm.Budgets;

/// <summary>
/// Releases budget holds whose calls never settled (the process died mid-call) once they expire. Safe on every
/// instance at once: <see cref="BudgetGuard.ReleaseExpiredAsync"/> releases a hold only where it deletes the row.
/// </summary>
public sealed class BudgetHoldSweeper(
    IServiceScopeFactory scopes, IOptionsMonitor<LlmCallOptions> options, TimeProvider time, ILogger<BudgetHoldSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep waits an interval too: holds left by a crash a moment ago have not expired yet anyway.
        using var timer = new PeriodicTimer(options.CurrentValue.HoldSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
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
            var released = await scope.ServiceProvider.GetRequiredService<BudgetGuard>().ReleaseExpiredAsync(time.GetUtcNow(), ct);
            if (released > 0)
            {
                logger.LogWarning("Released {Count} expired budget holds of calls that never settled", released);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A database hiccup must not stop the sweeper (or the server); the next tick tries again.
            logger.LogError(e, "Sweeping expired budget holds failed");
        }
    }
}
