using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Templates;

/// <summary>A private template a user made from one of their projects.</summary>
public sealed class UserTemplate
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary><see cref="TemplateContent"/> as JSON: a template is read and written whole, never queried inside.</summary>
    public required string Content { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class UserTemplateConfiguration : IEntityTypeConfiguration<UserTemplate>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<UserTemplate> template)
    {
        template.ToTable("user_templates");
        template.HasKey(t => t.Id);
        template.Property(t => t.Name).HasMaxLength(Project.MaxNameLength).IsRequired();
        template.Property(t => t.Description).HasMaxLength(Project.MaxDescriptionLength).IsRequired();
        template.Property(t => t.Content).IsRequired();
        template.HasIndex(t => new { t.OwnerId, t.CreatedAt });
    }
}
