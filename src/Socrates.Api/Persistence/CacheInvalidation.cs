using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Socrates.Api.Persistence;

/// <summary>
/// Tells every server instance that a cached entry changed. On PostgreSQL each write's invalidation is also sent as
/// a NOTIFY on <see cref="Channel"/>, which every instance LISTENs to (<see cref="CacheInvalidationListener"/>), so a
/// change made through one instance applies on the others within moments instead of a cache lifetime. On SQLite there
/// is one process, and invalidating here is all there is to do.
/// </summary>
public sealed class CacheInvalidation : IAsyncDisposable
{
    public const string Channel = "socrates_cache";

    private readonly ConcurrentDictionary<string, (Action<Guid> Invalidate, Action Clear)> _caches = new();
    private readonly Lazy<(string? Connection, NpgsqlDataSource? Notifier)> _postgres;
    private readonly ILogger<CacheInvalidation> _logger;

    public CacheInvalidation(IServiceScopeFactory scopes, ILogger<CacheInvalidation> logger)
    {
        _logger = logger;
        _postgres = new(() =>
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SpecsDb>().Database;
            var connection = db.IsNpgsql() ? db.GetConnectionString() : null;
            return (connection, connection is null ? null : NpgsqlDataSource.Create(connection));
        });
    }

    /// <summary>Who sent a notification, so an instance does not act on its own twice.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The specs database's connection string when it is PostgreSQL, else null.</summary>
    public string? PostgresConnection => _postgres.Value.Connection;

    /// <summary>Makes a cache reachable by <paramref name="name"/> from other instances' notifications.</summary>
    public void Register<TValue>(string name, ReadThroughCache<Guid, TValue> cache)
        where TValue : class => _caches[name] = (cache.Invalidate, cache.Clear);

    /// <summary>Forgets <paramref name="key"/> in cache <paramref name="name"/> here and on every other instance.</summary>
    public async Task PublishAsync(string name, Guid key)
    {
        Apply(name, key);
        if (_postgres.Value.Notifier is not { } notifier)
        {
            return;
        }

        try
        {
            await using var command = notifier.CreateCommand("SELECT pg_notify(@channel, @payload)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", $"{InstanceId}|{name}|{key:N}");
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The write has committed: it must not fail now. Other instances see it when their entry expires.
            _logger.LogWarning("Cache invalidation of {Cache} could not be sent to other instances: {Error}", name, e.Message);
        }
    }

    /// <summary>Applies a notification from another instance; one from this instance was applied when it was sent.</summary>
    internal void Receive(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length == 3 && parts[0] != InstanceId && Guid.TryParse(parts[2], out var key))
        {
            Apply(parts[1], key);
        }
    }

    /// <summary>Forgets everything: after the listener lost its connection, a notification may have been missed.</summary>
    internal void ClearAll()
    {
        foreach (var cache in _caches.Values)
        {
            cache.Clear();
        }
    }

    private void Apply(string name, Guid key)
    {
        if (_caches.TryGetValue(name, out var cache))
        {
            cache.Invalidate(key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres.IsValueCreated && _postgres.Value.Notifier is { } notifier)
        {
            await notifier.DisposeAsync();
        }
    }
}
