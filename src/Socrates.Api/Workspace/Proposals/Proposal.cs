using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;
using Socrates.Api.Workspace.Conversations;

namespace Socrates.Api.Workspace.Proposals;

public static class ProposalStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Accepted, Rejected];
}

/// <summary>A specification a model proposed from what was said; it becomes one only when the user accepts it.</summary>
public sealed class Proposal
{
    public const int MaxRationaleLength = 2_000;

    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }

    /// <summary>The assistant message that proposed it.</summary>
    public Guid MessageId { get; set; }

    public required string Category { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
    public double Confidence { get; set; }
    public string Rationale { get; set; } = "";
    public string Status { get; set; } = ProposalStatus.Pending;
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The specification an accepted proposal created or updated.</summary>
    public Guid? SpecificationId { get; set; }
}

public sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<Proposal> builder)
    {
        builder.ToTable("proposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Category).HasMaxLength(Specification.MaxCategoryLength).IsRequired();
        builder.Property(p => p.Key).HasMaxLength(Specification.MaxKeyLength).IsRequired();
        builder.Property(p => p.Value).IsRequired();
        builder.Property(p => p.Rationale).HasMaxLength(Proposal.MaxRationaleLength).IsRequired();
        builder.Property(p => p.Status).HasMaxLength(16).IsRequired();
        builder.HasIndex(p => new { p.ProjectId, p.Status, p.CreatedAt });
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ConversationMessage>().WithMany().HasForeignKey(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
