using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth;

/// <summary>
/// Whether a user id names a user, for every authenticated request: kept in memory, so a warm request reads nothing
/// from the database to learn it. Users are never deleted, so a user found stays found; an id that names no user is
/// never stored, so made-up ids cannot fill the cache.
/// </summary>
public sealed class KnownUsers(TimeProvider time, IServiceScopeFactory scopes)
{
    private sealed record Known;

    private static readonly Known Found = new();

    private readonly ReadThroughCache<Guid, Known> _users = new(TimeSpan.FromMinutes(30), time, async (id, ct) =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
        return await db.Users.AsNoTracking().AnyAsync(u => u.Id == id, ct) ? Found : null;
    });

    public async Task<bool> ExistsAsync(Guid userId, CancellationToken ct) => await _users.GetAsync(userId, ct) is not null;
}
