using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Budgets;

/// <summary>
/// One call's hold on one budget: a lease on the estimate added to <see cref="LlmBudget.ReservedNanos"/>.
/// Whoever deletes the row (the call settling, or the sweeper once the call is presumed dead) releases the estimate,
/// so a call whose process died cannot keep the budget inflated for the rest of the month.
/// </summary>
public sealed class LlmBudgetHold
{
    /// <summary>The reservation the hold belongs to (<see cref="BudgetReservation.Id"/>): one per call, shared by its budgets.</summary>
    public Guid ReservationId { get; set; }

    public Guid BudgetId { get; set; }

    /// <summary>The month the estimate was added to; a hold from an earlier month has nothing left to release.</summary>
    public int Period { get; set; }

    public long EstimateNanos { get; set; }

    /// <summary>After this the call is presumed dead and the sweeper may release the hold.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>
    /// The <see cref="ServerInstance"/> running the call: once its heartbeat is stale or its row gone, the call is
    /// presumed dead before <see cref="ExpiresAt"/>. Guid.Empty (holds made before instances were recorded) waits for expiry.
    /// </summary>
    public Guid InstanceId { get; set; }
}

public sealed class LlmBudgetHoldConfiguration : IEntityTypeConfiguration<LlmBudgetHold>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<LlmBudgetHold> builder)
    {
        var hold = builder;
        hold.ToTable("llm_budget_holds");
        hold.HasKey(h => new { h.ReservationId, h.BudgetId });
        hold.HasIndex(h => h.ExpiresAt);
        hold.HasOne<LlmBudget>().WithMany().HasForeignKey(h => h.BudgetId).OnDelete(DeleteBehavior.Cascade);
    }
}
