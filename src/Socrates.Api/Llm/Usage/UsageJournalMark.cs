using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// How far one server's usage journal (<see cref="UsageJournal"/>) is committed: every row with a sequence number up to
/// <see cref="Seq"/> is in llm_usage. Moved in the same transaction as the rows, so a replay after a crash writes exactly
/// the rows past it, never one twice and never one less.
/// </summary>
public sealed class UsageJournalMark
{
    public Guid JournalId { get; set; }

    public long Seq { get; set; }
}

/// <summary>A batch's place in its journal: the journal, and the sequence number of the batch's last row.</summary>
public readonly record struct JournalMark(Guid JournalId, long Seq);

public sealed class UsageJournalMarkConfiguration : IEntityTypeConfiguration<UsageJournalMark>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<UsageJournalMark> builder)
    {
        var mark = builder;
        mark.ToTable("usage_journal_marks");
        mark.HasKey(m => m.JournalId);
        mark.Property(m => m.JournalId).ValueGeneratedNever();
    }
}
