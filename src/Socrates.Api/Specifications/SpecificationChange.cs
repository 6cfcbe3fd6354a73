using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Specifications;

/// <summary>A value a specification held before it was replaced: its history, newest first.</summary>
public sealed class SpecificationChange
{
    public Guid Id { get; set; }
    public Guid SpecificationId { get; set; }
    public required string Value { get; set; }
    public double Confidence { get; set; }
    public required string Source { get; set; }

    /// <summary>When the value stopped being current.</summary>
    public DateTime ReplacedAt { get; set; }

    public static SpecificationChange Of(Specification previous, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        SpecificationId = previous.Id,
        Value = previous.Value,
        Confidence = previous.Confidence,
        Source = previous.Source,
        ReplacedAt = now,
    };
}

public sealed class SpecificationChangeConfiguration : IEntityTypeConfiguration<SpecificationChange>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<SpecificationChange> builder)
    {
        builder.ToTable("specification_history");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Value).IsRequired();
        builder.Property(c => c.Source).HasMaxLength(32).IsRequired();
        builder.HasIndex(c => new { c.SpecificationId, c.ReplacedAt });
        builder.HasOne<Specification>().WithMany().HasForeignKey(c => c.SpecificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
