using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm;

public sealed record BudgetExceeded(Guid? ProjectId, decimal LimitUsd, decimal SpentUsd, decimal ReservedUsd);

/// <summary>What a started call holds against its budgets, to be settled with the real cost when it ends.</summary>
public sealed record BudgetReservation(IReadOnlyList<Guid> BudgetIds, int Period, long EstimateNanos)
{
    public static readonly BudgetReservation None = new([], 0, 0);
}

/// <summary>
/// Enforces monthly budgets under concurrency (LiteLLM #34732): a call starts only if one conditional UPDATE
/// finds the budget not yet used up and, in the same statement, holds the call's estimated cost. Concurrent
/// calls therefore see each other's holds; none can slip past a check that another has not yet paid for.
/// </summary>
public sealed class BudgetGuard(SpecsDb db, TimeProvider time)
{
    /// <param name="hasBudgets">Read with the project (ProjectLlm.FindOwnedForCallAsync), so a call without budgets costs no query here.</param>
    public async Task<(BudgetReservation? Reservation, BudgetExceeded? Exceeded)> ReserveAsync(
        Guid userId, Guid projectId, bool hasBudgets, long estimateNanos, CancellationToken ct)
    {
        if (!hasBudgets)
        {
            return (BudgetReservation.None, null);
        }

        var budgets = db.Set<LlmBudget>();
        var ids = await budgets.AsNoTracking()
            .Where(b => b.UserId == userId && (b.ProjectId == Guid.Empty || b.ProjectId == projectId))
            .Select(b => b.Id)
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return (BudgetReservation.None, null);
        }

        var period = LlmBudget.PeriodOf(time.GetUtcNow());

        // Writes only inside the transaction: on SQLite, a read first would take a shared lock that two
        // writers could not both upgrade.
        await using var transaction = ids.Count > 1 ? await db.Database.BeginTransactionAsync(ct) : null;
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
                if (transaction is not null)
                {
                    await transaction.RollbackAsync(ct);
                }

                var full = await budgets.AsNoTracking().FirstAsync(b => b.Id == id, ct);
                return (null, new BudgetExceeded(
                    full.ProjectId == Guid.Empty ? null : full.ProjectId,
                    Pricing.Dollars(full.LimitNanos)!.Value,
                    Pricing.Dollars(full.SpentNanos)!.Value,
                    Pricing.Dollars(full.ReservedNanos)!.Value));
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return (new BudgetReservation(ids, period, estimateNanos), null);
    }

    /// <summary>Releases the hold and adds what the call really cost (all its attempts). Runs even if the caller left.</summary>
    public async Task SettleAsync(BudgetReservation reservation, long actualNanos)
    {
        if (reservation.BudgetIds.Count == 0)
        {
            return;
        }

        var ids = reservation.BudgetIds;
        var estimate = reservation.EstimateNanos;
        await db.Set<LlmBudget>()
            .Where(b => ids.Contains(b.Id) && b.Period == reservation.Period)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.ReservedNanos, b => b.ReservedNanos > estimate ? b.ReservedNanos - estimate : 0)
                .SetProperty(b => b.SpentNanos, b => b.SpentNanos + actualNanos), CancellationToken.None);
    }
}
