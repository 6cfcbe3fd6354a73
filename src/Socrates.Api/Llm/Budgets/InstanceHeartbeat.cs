using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Budgets;

/// <summary>
/// This server's <see cref="ServerInstance"/> row: written before the server takes its first call, refreshed every
/// Llm:Calls:HeartbeatInterval, and deleted on a clean shutdown. Budget holds carry <see cref="Id"/>, so when the
/// process dies without settling them, the row goes stale and any instance's <see cref="BudgetHoldSweeper"/> releases
/// them within seconds instead of after the longest call's lease.
/// </summary>
public sealed class InstanceHeartbeat(
    IServiceScopeFactory scopes, IOptionsMonitor<LlmCallOptions> options, TimeProvider time, ILogger<InstanceHeartbeat> logger)
    : BackgroundService
{
    private DateTime? _startedAt;

    public Guid Id { get; } = Guid.CreateVersion7();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the server listens: no hold of this instance is made before its row exists.
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await BeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync removes the row.
        }
    }

    /// <summary>
    /// Runs after the server has stopped taking requests and let the running ones finish (hosted services stop in
    /// reverse order, the server first). A call still running past the shutdown timeout loses its hold a sweep later.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<ServerInstance>()
                .Where(i => i.Id == Id)
                .ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row then goes stale, and the holds it covers are released as a dead instance's.
            logger.LogWarning(e, "Could not remove this server's instance row {Instance} at shutdown", Id);
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
            var now = time.GetUtcNow().UtcDateTime;
            var refreshed = await db.Set<ServerInstance>()
                .Where(i => i.Id == Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.HeartbeatAt, now), ct);
            if (refreshed == 0)
            {
                // The first beat, or a sweeper took this instance for dead (a pause longer than InstanceStaleAfter).
                _startedAt ??= now;
                db.Set<ServerInstance>().Add(new ServerInstance { Id = Id, StartedAt = _startedAt.Value, HeartbeatAt = now });
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A database hiccup must not stop the server; the next beat tries again before the row goes stale.
            logger.LogError(e, "Refreshing this server's instance row {Instance} failed", Id);
        }
    }
}
