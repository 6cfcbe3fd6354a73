using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm;

/// <summary>
/// Usage summed per user, UTC day, project, provider and model, kept up to date by <see cref="UsageWriter"/> in the
/// same transaction as the rows. Stats read their whole days from this (thousands of rows) instead of millions of
/// usage rows; the partial days at the ends of a range come from <see cref="LlmUsageHourly"/>.
/// </summary>
public sealed class LlmUsageDaily
{
    public Guid UserId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>Guid.Empty for calls made outside a project (the key cannot hold NULL).</summary>
    public Guid ProjectId { get; set; }

    public required string Provider { get; set; }
    public required string Model { get; set; }
    public long Calls { get; set; }
    public long FailedCalls { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CachedInputTokens { get; set; }

    /// <summary>Nano-dollars of the priced calls; <see cref="PricedCalls"/> says how many calls that covers.</summary>
    public long CostNanos { get; set; }

    public long PricedCalls { get; set; }
}

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
