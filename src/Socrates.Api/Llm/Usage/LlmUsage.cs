using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// One call attempt to a provider: streamed, failed, retried and fallback attempts each get their own row.
/// Kept slim on purpose (no prompt, no price table copy): the usage endpoint aggregates millions of these in SQL.
/// </summary>
public sealed class LlmUsage
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public Guid? ProjectId { get; set; }

    /// <summary>The kept conversation the call was made for (a workspace call); null for any other call.</summary>
    public Guid? ConversationId { get; set; }

    public required string Provider { get; set; }
    public required string Model { get; set; }

    /// <summary>All input tokens the provider counted, cached reads and cache writes included.</summary>
    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    /// <summary>The part of <see cref="InputTokens"/> read from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; set; }

    /// <summary>The part of <see cref="InputTokens"/> written to the prompt cache (Anthropic reports it).</summary>
    public long CacheWriteTokens { get; set; }

    /// <summary>
    /// Cost in nano-dollars (1e-9 USD), an integer so SUM is exact and translates on SQLite and PostgreSQL alike
    /// (EF cannot SUM decimals on SQLite). Null means unpriced: the model is not in the catalogue. Never 0 for that.
    /// </summary>
    public long? CostNanos { get; set; }

    public int LatencyMs { get; set; }

    /// <summary>See <see cref="UsageStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>See <see cref="UpstreamErrorKind"/>; null when the attempt succeeded.</summary>
    public string? ErrorKind { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The UTC day of <see cref="CreatedAt"/>, stored so "by day" groups on a plain column on both databases.</summary>
    public DateOnly Day { get; set; }
}

public static class UsageStatus
{
    public const string Ok = "ok";
    public const string Error = "error";

    /// <summary>The caller went away mid-stream; the tokens the provider reported so far are still recorded.</summary>
    public const string Cancelled = "cancelled";
}

public sealed class LlmUsageConfiguration : IEntityTypeConfiguration<LlmUsage>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<LlmUsage> builder)
    {
        var usage = builder;
        usage.ToTable("llm_usage");
        usage.HasKey(u => u.Id);
        usage.Property(u => u.Provider).HasMaxLength(32).IsRequired();
        usage.Property(u => u.Model).HasMaxLength(128).IsRequired();
        usage.Property(u => u.Status).HasMaxLength(16).IsRequired();
        usage.Property(u => u.ErrorKind).HasMaxLength(32);

        // Every stats query filters on the user and a time range; these carry the grouped columns too,
        // so PostgreSQL can answer from the index alone.
        usage.HasIndex(u => new { u.UserId, u.CreatedAt })
            .IncludeProperties(u => new { u.ProjectId, u.Provider, u.Model, u.Day, u.InputTokens, u.OutputTokens, u.CachedInputTokens, u.CostNanos });
        usage.HasIndex(u => new { u.ProjectId, u.CreatedAt });

        // No foreign key to projects: a deleted project's spend still counts against its owner's budget.
    }
}
