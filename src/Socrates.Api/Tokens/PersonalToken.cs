using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Auth;
using Socrates.Api.Persistence;

namespace Socrates.Api.Tokens;

/// <summary>
/// A personal access token: a long-lived secret a user gives a tool, bound to one project. Only the SHA-256 of the
/// secret is kept (<see cref="TokenSecret"/>); a revoked token keeps its row, so its name still labels the usage it made.
/// </summary>
public sealed class PersonalToken
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid ProjectId { get; set; }
    public required string Name { get; set; }

    /// <summary>The first 16 bytes of <see cref="Hash"/>: the key a presented token is looked up (and its cache entry forgotten) by.</summary>
    public Guid LookupId { get; set; }

    public required byte[] Hash { get; set; }

    /// <summary>The secret's last four characters, so a person can tell their tokens apart.</summary>
    public required string LastFour { get; set; }

    /// <summary>Space-separated <see cref="TokenScopes"/>.</summary>
    public required string Scopes { get; set; }

    /// <summary>Null: the server's default (<see cref="TokenOptions"/>).</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Null: the server's default (<see cref="TokenOptions"/>).</summary>
    public int? TokensPerMinute { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class PersonalTokenConfiguration : IEntityTypeConfiguration<PersonalToken>, IAuthDbModel
{
    public void Configure(EntityTypeBuilder<PersonalToken> token)
    {
        token.ToTable("personal_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Name).HasMaxLength(PersonalToken.MaxNameLength).IsRequired();
        token.Property(t => t.Hash).HasMaxLength(32).IsRequired();
        token.Property(t => t.LastFour).HasMaxLength(4).IsRequired();
        token.Property(t => t.Scopes).HasMaxLength(64).IsRequired();
        token.HasIndex(t => t.LookupId).IsUnique();
        token.HasIndex(t => t.UserId);
        token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
