using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Telemetry;

namespace Socrates.Api.Llm.Budgets;

public sealed record BudgetExceeded(Guid? ProjectId, decimal LimitUsd, decimal SpentUsd, decimal ReservedUsd);

/// <summary>What a started call holds against its budgets, to be settled with the real cost when it ends.</summary>
/// <param name="Id">Names the call's <see cref="LlmBudgetHold"/> rows.</param>
public sealed record BudgetReservation(Guid Id, IReadOnlyList<Guid> BudgetIds, int Period, long EstimateNanos)
{
    public static readonly BudgetReservation None = new(Guid.Empty, [], 0, 0);
}

/// <summary>
/// Enforces monthly budgets under concurrency (LiteLLM #34732): a call starts only if one conditional UPDATE
/// finds the budget not yet used up and, in the same statement, holds the call's estimated cost. Concurrent
/// calls therefore see each other's holds; none can slip past a check that another has not yet paid for.
/// Each hold is also a row tied to the server instance running the call and with an expiry (<see cref="LlmBudgetHold"/>),
/// so a call that never settles (its process died) is released by <see cref="ReleaseDeadAsync"/> instead of blocking
/// the budget until the month ends.
/// </summary>
/// <remarks>
/// Every transaction here takes its locks in the same order, hold row before budget row and budgets by id, and
/// starts with a write: on SQLite, a read first would take a shared lock that two writers could not both upgrade.
/// </remarks>
public sealed class BudgetGuard(SpecsDb db, InstanceHeartbeat instance, TimeProvider time, IOptionsMonitor<LlmCallOptions> callOptions, SocratesMetrics metrics)
{
    /// <param name="ids">The governing budgets in lock order (CallSettingsCache.GoverningBudgetsAsync), so a call without budgets costs no query here.</param>
    /// <exception cref="ProblemException">402: one of the budgets is used up; nothing is held.</exception>
    public async Task<BudgetReservation> ReserveAsync(IReadOnlyList<Guid> ids, long estimateNanos, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return BudgetReservation.None;
        }

        var budgets = db.Set<LlmBudget>();

        var now = time.GetUtcNow();
        var period = LlmBudget.PeriodOf(now);
        var reservation = new BudgetReservation(Guid.CreateVersion7(), ids, period, estimateNanos);
        var expiresAt = (now + callOptions.CurrentValue.EffectiveHoldLifetime).UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var id in ids)
        {
            var held = await budgets
                .Where(b => b.Id == id && (b.Period != period || b.SpentNanos + b.ReservedNanos < b.LimitNanos))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.SpentNanos, b => b.Period == period ? b.SpentNanos : 0)
                    .SetProperty(b => b.ReservedNanos, b => (b.Period == period ? b.ReservedNanos : 0) + estimateNanos)
                    .SetProperty(b => b.Period, period), ct);
            if (held == 0)
            {
                await transaction.RollbackAsync(ct);
                var full = await budgets.AsNoTracking().FirstAsync(b => b.Id == id, ct);
                metrics.BudgetRefused();
                throw OverBudget(new BudgetExceeded(
                    full.ProjectId == Guid.Empty ? null : full.ProjectId,
                    Pricing.Dollars(full.LimitNanos)!.Value,
                    Pricing.Dollars(full.SpentNanos)!.Value,
                    Pricing.Dollars(full.ReservedNanos)!.Value));
            }

            // SQL rather than Add + SaveChanges: the caller's context may be tracking changes of its own, which
            // must not be saved here.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO llm_budget_holds ("ReservationId", "BudgetId", "Period", "EstimateNanos", "ExpiresAt", "InstanceId")
                VALUES ({reservation.Id}, {id}, {period}, {estimateNanos}, {expiresAt}, {instance.Id})
                """, ct);
        }

        await transaction.CommitAsync(ct);
        return reservation;
    }

    private static ProblemException OverBudget(BudgetExceeded over) => new(
        StatusCodes.Status402PaymentRequired,
        "Monthly LLM budget reached",
        $"The {(over.ProjectId is null ? "monthly" : "project's monthly")} budget of ${over.LimitUsd} is used up: ${over.SpentUsd} spent this month" +
        $"{(over.ReservedUsd > 0 ? $" and ${over.ReservedUsd} held by calls in progress" : "")}. Raise it with PUT /api/v1/llm/budget or wait for next month.",
        new Dictionary<string, object?>
        {
            ["limit_usd"] = over.LimitUsd,
            ["spent_usd"] = over.SpentUsd,
            ["reserved_usd"] = over.ReservedUsd,
            ["project_id"] = over.ProjectId,
        });

    /// <summary>
    /// Adds what the call really cost (all its attempts) and releases its holds, each only if this call deletes the
    /// hold row: one the sweeper already released is not released twice. Runs even if the caller left.
    /// The cost counts in the month the call ends, as its usage row does: a call that started before the month
    /// turned charges the new month (starting it, if no call has yet), and its hold, part of the old month's
    /// counters, is not taken from the new month's.
    /// </summary>
    public async Task SettleAsync(BudgetReservation reservation, long actualNanos)
    {
        if (reservation.BudgetIds.Count == 0)
        {
            return;
        }

        var ct = CancellationToken.None;
        var period = LlmBudget.PeriodOf(time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var budgetId in reservation.BudgetIds)
        {
            var deleted = await db.Set<LlmBudgetHold>()
                .Where(h => h.ReservationId == reservation.Id && h.BudgetId == budgetId)
                .ExecuteDeleteAsync(ct);
            var release = deleted == 0 ? 0 : reservation.EstimateNanos;
            var held = reservation.Period;

            // A row ahead of this server's month (another server's clock) is left in its month.
            await db.Set<LlmBudget>()
                .Where(b => b.Id == budgetId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.ReservedNanos, b =>
                        b.Period < period ? 0 : b.Period == held ? (b.ReservedNanos > release ? b.ReservedNanos - release : 0) : b.ReservedNanos)
                    .SetProperty(b => b.SpentNanos, b => (b.Period < period ? 0 : b.SpentNanos) + actualNanos)
                    .SetProperty(b => b.Period, b => b.Period < period ? period : b.Period), ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Releases the holds of calls presumed dead: expired by <paramref name="now"/>, or made by an instance with no
    /// heartbeat after <paramref name="heartbeatCutoff"/> (or no row: it shut down). Each is released in its own short
    /// transaction that deletes the row first, so servers sweeping at the same moment release each hold once, as does a
    /// sweep racing a late settle. Then forgets the rows of instances that stopped beating.
    /// </summary>
    /// <returns>How many holds this call released.</returns>
    public async Task<int> ReleaseDeadAsync(DateTimeOffset now, DateTimeOffset heartbeatCutoff, CancellationToken ct)
    {
        const int batch = 200;
        var cutoff = now.UtcDateTime;
        var beaten = heartbeatCutoff.UtcDateTime;
        var instances = db.Set<ServerInstance>();
        var released = 0;
        while (true)
        {
            var expired = await db.Set<LlmBudgetHold>().AsNoTracking()
                .Where(h => h.ExpiresAt <= cutoff
                    || (h.InstanceId != Guid.Empty && !instances.Any(i => i.Id == h.InstanceId && i.HeartbeatAt > beaten)))
                .OrderBy(h => h.ExpiresAt)
                .Take(batch)
                .ToListAsync(ct);
            var mine = 0;
            foreach (var hold in expired)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var deleted = await db.Set<LlmBudgetHold>()
                    .Where(h => h.ReservationId == hold.ReservationId && h.BudgetId == hold.BudgetId)
                    .ExecuteDeleteAsync(ct);
                if (deleted == 0)
                {
                    // Settled, or released by another sweeper, since the read above.
                    continue;
                }

                var estimate = hold.EstimateNanos;
                await db.Set<LlmBudget>()
                    .Where(b => b.Id == hold.BudgetId && b.Period == hold.Period)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(b => b.ReservedNanos, b => b.ReservedNanos > estimate ? b.ReservedNanos - estimate : 0), ct);
                await transaction.CommitAsync(ct);
                mine++;
            }

            released += mine;
            if (expired.Count < batch || mine == 0)
            {
                break;
            }
        }

        // A live instance whose row this removes (it paused past the cutoff) writes it again on its next beat.
        await instances.Where(i => i.HeartbeatAt <= beaten).ExecuteDeleteAsync(ct);
        return released;
    }
}
