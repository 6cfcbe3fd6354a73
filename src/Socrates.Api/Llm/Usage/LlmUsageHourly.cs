using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Usage summed per user, UTC hour, project, provider and model, kept up to date by <see cref="UsageWriter"/> next to
/// <see cref="LlmUsageDaily"/>. A range whose bounds fall inside a day reads its partial days from here and only the
/// partial hours at either end from the usage rows, so no stats query reads more than two hours of rows.
/// </summary>
public sealed class LlmUsageHourly : UsageRollup
{
    /// <summary>The UTC hour the calls were made in (minutes and below zero), as <see cref="HourOf"/> computes it; <see cref="UsageRollup.Day"/> is its day.</summary>
    public DateTime Hour { get; set; }

    /// <summary>
    /// The UTC hour of a usage row's <see cref="LlmUsage.CreatedAt"/>. UTC as EF stores it on SQLite (which converts on
    /// the way in) and as PostgreSQL requires it: the upsert's key must equal what EF wrote, to the tick.
    /// </summary>
    public static DateTime HourOf(DateTime at)
    {
        var utc = at.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
    }
}

public sealed class LlmUsageHourlyConfiguration : IEntityTypeConfiguration<LlmUsageHourly>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<LlmUsageHourly> builder)
    {
        builder.ToTable("llm_usage_hourly");
        builder.HasKey(h => new { h.UserId, h.Hour, h.ProjectId, h.Provider, h.Model });
        builder.Property(h => h.Provider).HasMaxLength(32);
        builder.Property(h => h.Model).HasMaxLength(128);
    }
}
