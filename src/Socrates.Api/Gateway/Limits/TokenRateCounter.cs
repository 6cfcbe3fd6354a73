using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Gateway.Limits;

/// <summary>
/// One token's requests and tokens in one minute, shared by every instance on PostgreSQL (<see cref="PostgresCounters"/>).
/// SQLite serves one process, which counts in memory (<see cref="MemoryCounters"/>) and leaves this table empty.
/// </summary>
public sealed class TokenRateCounter
{
    public Guid TokenId { get; set; }

    /// <summary>The minute counted, as whole minutes since the Unix epoch.</summary>
    public long Minute { get; set; }

    public int Requests { get; set; }
    public long Tokens { get; set; }
}

internal sealed class TokenRateCounterConfiguration : IEntityTypeConfiguration<TokenRateCounter>, IAuthDbModel
{
    public void Configure(EntityTypeBuilder<TokenRateCounter> counter)
    {
        counter.ToTable("token_rate_counters");
        counter.HasKey(c => new { c.TokenId, c.Minute });

        // The sweep deletes past minutes without reading every token's rows.
        counter.HasIndex(c => c.Minute);
    }
}
