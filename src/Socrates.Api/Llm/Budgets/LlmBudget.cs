using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Budgets;

/// <summary>
/// A monthly spending limit for a user (ProjectId = Guid.Empty) or one of their projects, with this month's
/// running spend and the amount held by calls in flight. Counters live on the row so that checking and
/// reserving is one conditional UPDATE.
/// </summary>
public sealed class LlmBudget
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>Guid.Empty for the user-wide budget (a unique index cannot rely on NULLs being equal).</summary>
    public Guid ProjectId { get; set; }

    public long LimitNanos { get; set; }

    /// <summary>The month the counters belong to, as yyyymm; a reservation in a new month starts them from zero.</summary>
    public int Period { get; set; }

    public long SpentNanos { get; set; }
    public long ReservedNanos { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static int PeriodOf(DateTimeOffset now) => (now.UtcDateTime.Year * 100) + now.UtcDateTime.Month;
}

public sealed class LlmBudgetConfiguration : IEntityTypeConfiguration<LlmBudget>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<LlmBudget> builder)
    {
        var budget = builder;
        budget.ToTable("llm_budgets");
        budget.HasKey(b => b.Id);
        budget.HasIndex(b => new { b.UserId, b.ProjectId }).IsUnique();
    }
}
