using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Tokens;

/// <summary>What a request authenticated by a token needs to know of it, cached per instance.</summary>
public sealed record TokenGrant(
    Guid Id, Guid UserId, Guid ProjectId, string Name, byte[] Hash, IReadOnlyList<string> Scopes, int? RequestsPerMinute, int? TokensPerMinute,
    DateTime? ExpiresAt);

/// <summary>
/// Finds the token a request presents, from memory when it can: keyed by the first half of the secret's hash, and
/// forgotten on every instance (<see cref="CacheInvalidation"/>, PostgreSQL LISTEN/NOTIFY) the moment it is revoked.
/// Also stamps "last used", at most once a minute per token, off the request path.
/// </summary>
public sealed class PersonalTokens
{
    private const string Name = "personal-tokens";
    private static readonly TimeSpan LastUsedGrain = TimeSpan.FromMinutes(1);

    private readonly ReadThroughCache<Guid, TokenGrant> _grants;
    private readonly CacheInvalidation _invalidation;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<PersonalTokens> _logger;
    private readonly ConcurrentDictionary<Guid, DateTime> _lastUsedWritten = new();

    public PersonalTokens(IOptions<TokenOptions> options, TimeProvider time, IServiceScopeFactory scopes, CacheInvalidation invalidation, ILogger<PersonalTokens> logger)
    {
        _invalidation = invalidation;
        _scopes = scopes;
        _time = time;
        _logger = logger;
        _grants = new(options.Value.CacheLifetime, time, async (lookupId, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
            var token = await db.Set<PersonalToken>().AsNoTracking().FirstOrDefaultAsync(t => t.LookupId == lookupId && t.RevokedAt == null, ct);
            return token is null
                ? null
                : new TokenGrant(token.Id, token.UserId, token.ProjectId, token.Name, token.Hash, token.Scopes.Split(' '),
                    token.RequestsPerMinute, token.TokensPerMinute, token.ExpiresAt);
        });
        invalidation.Register(Name, _grants);
    }

    /// <summary>The live token whose secret is <paramref name="secret"/>, or null (unknown, revoked or expired).</summary>
    public async Task<TokenGrant?> FindAsync(string secret, CancellationToken ct)
    {
        var hash = TokenSecret.Hash(secret);
        var grant = await _grants.GetAsync(TokenSecret.LookupIdOf(hash), ct);

        // The lookup matched half of the hash; the whole of it must match too.
        if (grant is null || !CryptographicOperations.FixedTimeEquals(grant.Hash, hash))
        {
            return null;
        }

        return grant.ExpiresAt is { } expires && expires <= _time.GetUtcNow().UtcDateTime ? null : grant;
    }

    /// <summary>After a token's revocation committed: here and on every instance.</summary>
    public Task ForgetAsync(Guid lookupId) => _invalidation.PublishAsync(Name, lookupId);

    /// <summary>Records that the token was used now, unless this instance did so within the last minute.</summary>
    public void Touch(Guid tokenId)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_lastUsedWritten.TryGetValue(tokenId, out var last) && now - last < LastUsedGrain)
        {
            return;
        }

        _lastUsedWritten[tokenId] = now;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
                await db.Set<PersonalToken>().Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now));
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException || e.IsDatabaseUnavailable())
            {
                // "Last used" is a hint for the person reading the list; a request must not fail for it.
                _logger.LogWarning("Could not record when token {TokenId} was last used: {Error}", tokenId, e.Message);
            }
        });
    }
}
