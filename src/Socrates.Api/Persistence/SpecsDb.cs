using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Socrates.Api.Documents;
using Socrates.Api.Files;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Persistence;

/// <summary>The specs database: projects and everything that belongs to one.</summary>
/// <remarks>Users live in the auth database, so owner ids are plain columns, not foreign keys.</remarks>
public abstract class SpecsDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Specification> Specifications => Set<Specification>();
    public DbSet<KnowledgeDocument> Documents => Set<KnowledgeDocument>();
    public DbSet<GeneratedFile> Files => Set<GeneratedFile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Project>(project =>
        {
            project.ToTable("projects");
            project.HasKey(p => p.Id);
            project.Property(p => p.Name).HasMaxLength(Project.MaxNameLength).IsRequired();
            project.Property(p => p.Description).HasMaxLength(Project.MaxDescriptionLength).IsRequired();
            project.Property(p => p.Phase).HasMaxLength(32).IsRequired();
            project.Property(p => p.LlmProvider).HasMaxLength(32);
            project.Property(p => p.LlmModel).HasMaxLength(128);
            project.HasIndex(p => new { p.OwnerId, p.CreatedAt });
            // Only the database's triggers move these: a write of a value read earlier could take one back and make a
            // stale cached context look current.
            foreach (var revision in new[] { project.Property(p => p.SpecificationsRevision), project.Property(p => p.DocumentsRevision) })
            {
                revision.HasDefaultValue(0L);
                revision.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
                revision.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            }
        });

        modelBuilder.Entity<Specification>(spec =>
        {
            spec.ToTable("specifications");
            spec.HasKey(s => s.Id);
            spec.Property(s => s.Category).HasMaxLength(Specification.MaxCategoryLength).IsRequired();
            spec.Property(s => s.Key).HasMaxLength(Specification.MaxKeyLength).IsRequired();
            spec.Property(s => s.Value).IsRequired();
            spec.Property(s => s.Source).HasMaxLength(32).IsRequired();
            spec.HasIndex(s => new { s.ProjectId, s.Category, s.Key }).IsUnique();
            spec.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<KnowledgeDocument>(doc =>
        {
            doc.ToTable("knowledge_documents");
            doc.HasKey(d => d.Id);
            doc.Property(d => d.Title).HasMaxLength(KnowledgeDocument.MaxTitleLength).IsRequired();
            doc.Property(d => d.Content).IsRequired();
            doc.Property(d => d.Source).HasMaxLength(32).IsRequired();
            doc.HasIndex(d => new { d.ProjectId, d.CreatedAt });
            doc.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<GeneratedFile>(file =>
        {
            file.ToTable("generated_files");
            file.HasKey(f => f.Id);
            file.Property(f => f.Path).HasMaxLength(CodePath.MaxLength).IsRequired();
            file.Property(f => f.Content).IsRequired();
            file.Property(f => f.Language).HasMaxLength(64).IsRequired();
            file.HasIndex(f => new { f.ProjectId, f.Path }).IsUnique();
            file.HasOne<Project>().WithMany().HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SpecsDb).Assembly, type => type.IsAssignableTo(typeof(ISpecsDbModel)));
    }
}
