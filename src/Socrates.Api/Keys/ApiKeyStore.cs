using Microsoft.EntityFrameworkCore;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Keys;

/// <summary>A stored key as its owner sees it: the row, and whether this server can still open it.</summary>
public sealed record StoredApiKey(ApiKey Key, bool Readable);

/// <summary>Users' own provider keys in the auth database, sealed by <see cref="KeyVault"/>.</summary>
public sealed class ApiKeyStore(AuthDb db, KeyVault vault, SealedKeyCache cache, TimeProvider time, ILogger<ApiKeyStore> logger) : IUserApiKeys
{
    private const int MaxAttempts = 3;

    /// <summary>Stores a validated request's key (<see cref="AddApiKeyRequest.Validate"/>), trimmed, with its label if it has a visible one.</summary>
    public Task<ApiKey> AddAsync(Guid userId, AddApiKeyRequest request, CancellationToken ct) =>
        AddAsync(userId, request.Provider!, request.ApiKey!.Trim(), TextRules.IsVisible(request.Label) ? TextRules.Trim(request.Label!) : null, ct);

    /// <summary>Stores <paramref name="clearKey"/> as the user's key for the provider, replacing the one they had.</summary>
    public async Task<ApiKey> AddAsync(Guid userId, string provider, string clearKey, string? label, CancellationToken ct)
    {
        var encrypted = vault.Encrypt(userId, provider, clearKey);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Provider = provider,
            Label = label,
            MaskedKey = KeyMask.Mask(clearKey),
            KeyVersion = encrypted.KeyVersion,
            Nonce = encrypted.Nonce,
            Ciphertext = encrypted.Ciphertext,
            Tag = encrypted.Tag,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        for (var attempt = 1; ; attempt++)
        {
            // Delete and insert commit together, so the user never has two keys for a provider, nor none in between.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // A no-op write to the user's row locks it until commit (PostgreSQL row lock, SQLite write lock), so one
            // user's concurrent adds run one after another and each delete sees the key the previous one inserted.
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, u => u.Name), ct);
            await db.Set<ApiKey>().Where(k => k.UserId == userId && k.Provider == provider).ExecuteDeleteAsync(ct);
            db.Add(key);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                await cache.ForgetAsync(userId);
                return key;
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && attempt < MaxAttempts)
            {
                // Not expected behind the lock above; if a concurrent add still got in first, replace it in turn.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(Guid userId, CancellationToken ct)
    {
        var keys = await db.Set<ApiKey>().AsNoTracking()
            .Where(k => k.UserId == userId)
            .OrderBy(k => k.Provider)
            .ToListAsync(ct);
        return [.. keys.Select(k => new StoredApiKey(k, vault.CanDecrypt(k.UserId, k.Provider, k.Encrypted)))];
    }

    public async Task<StoredApiKey?> GetAsync(Guid userId, Guid id, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == id && k.UserId == userId, ct);
        return key is null ? null : new StoredApiKey(key, vault.CanDecrypt(key.UserId, key.Provider, key.Encrypted));
    }

    /// <summary>False when the user has no key with that id (another user's key included).</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken ct)
    {
        var deleted = await db.Set<ApiKey>().Where(k => k.Id == id && k.UserId == userId).ExecuteDeleteAsync(ct) > 0;
        await cache.ForgetAsync(userId);
        return deleted;
    }

    public async Task<string?> FindAsync(Guid userId, string provider, CancellationToken ct)
    {
        // All of the user's keys in one read: a call with fallbacks asks for several providers' keys.
        var keys = await cache.Keys.GetAsync(userId, ct);
        var key = Array.Find(keys!, k => k.Provider == provider);
        if (key is null)
        {
            return null;
        }

        try
        {
            return vault.Decrypt(userId, provider, key.Value);
        }
        catch (ApiKeyUnreadableException e)
        {
            logger.LogWarning("Stored API key {KeyId} ({Provider}) of user {UserId} cannot be decrypted: {Reason}", key.Id, provider, userId, e.Message);
            throw;
        }
    }
}
