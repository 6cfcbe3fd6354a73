using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Workspace.Conversations;

/// <summary>A kept conversation about one project: its messages are the model's memory of what was said.</summary>
public sealed class Conversation
{
    public const int MaxTitleLength = 200;

    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Title { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Title).HasMaxLength(Conversation.MaxTitleLength).IsRequired();
        builder.HasIndex(c => new { c.ProjectId, c.CreatedAt });
        builder.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
