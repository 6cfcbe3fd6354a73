using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Persistence;

namespace Socrates.Api.Keys;

/// <summary>A user's stored key as the call path needs it: still sealed; opened only for the call that uses it.</summary>
public sealed record SealedApiKey(Guid Id, string Provider, EncryptedValue Value);

/// <summary>How long a server keeps a user's sealed keys in memory ("Llm:Calls:LookupCacheLifetime", shared with the call lookups).</summary>
public sealed class KeyCacheOptions
{
    public TimeSpan LookupCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Per user, every key they stored (one per provider), sealed, so that a call normally reads no key row before the
/// provider's round trip. <see cref="ApiKeyStore"/> invalidates a user's entry, on every instance, on each write it commits.
/// </summary>
public sealed class SealedKeyCache
{
    private const string Name = "keys";

    private readonly CacheInvalidation _invalidation;

    public SealedKeyCache(IOptions<KeyCacheOptions> options, TimeProvider time, IServiceScopeFactory scopes, CacheInvalidation invalidation)
    {
        _invalidation = invalidation;
        Keys = new(options.Value.LookupCacheLifetime, time, async (user, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<AuthDb>().Set<ApiKey>().AsNoTracking().Where(k => k.UserId == user).ToListAsync(ct);
            return rows.Select(k => new SealedApiKey(k.Id, k.Provider, k.Encrypted)).ToArray();
        });
        invalidation.Register(Name, Keys);
    }

    public ReadThroughCache<Guid, SealedApiKey[]> Keys { get; }

    /// <summary>After a write to the user's keys commits: here and on every instance.</summary>
    public Task ForgetAsync(Guid userId) => _invalidation.PublishAsync(Name, userId);
}
