using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Auth;
using Socrates.Api.Persistence;

namespace Socrates.Api.Keys;

/// <summary>
/// A user's own key for one provider, encrypted by <see cref="KeyVault"/>. The clear key exists only in memory,
/// for the call that needs it; the row keeps the AES-GCM parts and the master key version that sealed them.
/// </summary>
public sealed class ApiKey
{
    public const int MaxLabelLength = 100;
    public const int MaxKeyLength = 1000;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Provider { get; set; }
    public string? Label { get; set; }

    /// <summary>A hint such as "sk-…wxyz" so a person can tell keys apart; never enough to use.</summary>
    public required string MaskedKey { get; set; }

    /// <summary>Which master key (Llm:MasterKeys:{version}) sealed this value.</summary>
    public int KeyVersion { get; set; }

    public required byte[] Nonce { get; set; }
    public required byte[] Ciphertext { get; set; }
    public required byte[] Tag { get; set; }
    public DateTime CreatedAt { get; set; }

    public EncryptedValue Encrypted => new(KeyVersion, Nonce, Ciphertext, Tag);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>, IAuthDbModel
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Provider).HasMaxLength(32).IsRequired();
        key.Property(k => k.Label).HasMaxLength(ApiKey.MaxLabelLength);
        key.Property(k => k.MaskedKey).HasMaxLength(32).IsRequired();
        key.Property(k => k.Nonce).IsRequired();
        key.Property(k => k.Ciphertext).IsRequired();
        key.Property(k => k.Tag).IsRequired();
        key.Ignore(k => k.Encrypted);

        // One key per user and provider: adding another replaces it (ApiKeyStore.AddAsync), and the index closes the race.
        key.HasIndex(k => new { k.UserId, k.Provider }).IsUnique();

        // The rewrap finds rows still under an old master key without scanning the table.
        key.HasIndex(k => k.KeyVersion);
        key.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
