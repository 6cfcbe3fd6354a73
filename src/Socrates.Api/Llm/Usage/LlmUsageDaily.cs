using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Usage summed per user, UTC day, project, provider and model, kept up to date by <see cref="UsageWriter"/> in the
/// same transaction as the rows. Stats read their whole days from this (thousands of rows) instead of millions of
/// usage rows; the partial days at the ends of a range come from <see cref="LlmUsageHourly"/>.
/// </summary>
public sealed class LlmUsageDaily : UsageRollup;

public sealed class LlmUsageDailyConfiguration : IEntityTypeConfiguration<LlmUsageDaily>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<LlmUsageDaily> builder)
    {
        builder.ToTable("llm_usage_daily");
        builder.HasKey(d => new { d.UserId, d.Day, d.ProjectId, d.Provider, d.Model });
        builder.Property(d => d.Provider).HasMaxLength(32);
        builder.Property(d => d.Model).HasMaxLength(128);
    }
}
