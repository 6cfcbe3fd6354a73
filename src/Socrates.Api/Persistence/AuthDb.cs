using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;

namespace Socrates.Api.Persistence;

/// <summary>The auth database: users (and, later, their stored API keys).</summary>
/// <remarks>Each provider has its own subclass so each keeps its own migrations (see ProviderContexts.cs).</remarks>
public abstract class AuthDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Email).HasMaxLength(User.MaxEmailLength).IsRequired();
            user.Property(u => u.NormalizedEmail).HasMaxLength(User.MaxEmailLength).IsRequired();
            user.HasIndex(u => u.NormalizedEmail).IsUnique();
            user.Property(u => u.Name).HasMaxLength(User.MaxNameLength).IsRequired();
            user.Property(u => u.PasswordHash).IsRequired();
        });

        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuthDb).Assembly, type => type.IsAssignableTo(typeof(IAuthDbModel)));
    }
}
