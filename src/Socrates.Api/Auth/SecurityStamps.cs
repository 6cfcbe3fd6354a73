using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth;

/// <summary>
/// Each user's current <see cref="User.SecurityStamp"/>, which every authenticated request's token must carry: kept
/// in memory for <see cref="JwtOptions.SecurityStampCacheLifetime"/>, so a warm request reads nothing from the
/// database to learn it. A password change or a deleted account is published through <see cref="CacheInvalidation"/>,
/// so every instance reads the stamp again (or finds no user) at its next request. An id that names no user is never
/// stored, so made-up ids cannot fill the cache.
/// </summary>
public sealed class SecurityStamps
{
    private const string Name = "security-stamps";

    private readonly CacheInvalidation _invalidation;
    private readonly ReadThroughCache<Guid, Stamp> _stamps;

    public SecurityStamps(IOptions<JwtOptions> options, TimeProvider time, IServiceScopeFactory scopes, CacheInvalidation invalidation)
    {
        _invalidation = invalidation;
        _stamps = new(options.Value.SecurityStampCacheLifetime, time, async (id, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
            var stamp = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => (Guid?)u.SecurityStamp).FirstOrDefaultAsync(ct);
            return stamp is { } value ? new Stamp(value) : null;
        });
        invalidation.Register(Name, _stamps);
    }

    /// <summary>Whether <paramref name="userId"/> names a user whose stamp is still <paramref name="stamp"/>.</summary>
    public async Task<bool> IsCurrentAsync(Guid userId, Guid stamp, CancellationToken ct) =>
        await _stamps.GetAsync(userId, ct) is { } current && current.Value == stamp;

    /// <summary>After the user's stamp changed or the user was deleted, and the change committed: here and on every instance.</summary>
    public Task ForgetAsync(Guid userId) => _invalidation.PublishAsync(Name, userId);

    private sealed record Stamp(Guid Value);
}
