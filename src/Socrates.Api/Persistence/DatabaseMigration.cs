using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Socrates.Api.Persistence;

/// <summary>
/// Creates a missing database and applies its migrations, safely when several instances start at once.
/// On PostgreSQL every instance first takes one advisory lock, held on the server's maintenance database
/// (which exists before ours does), so exactly one creates and migrates while the others wait and then find
/// nothing left to do. SQLite serves one machine: EF's own migration lock (a row in __EFMigrationsLock, waited
/// on through SQLite's busy timeout) is enough there.
/// </summary>
internal static class DatabaseMigration
{
    /// <summary>The advisory lock's first key, shared by every Socrates instance; the second is the database's name.</summary>
    private const int LockClass = 0x50C7A7E5;

    private const string MaintenanceDatabase = "postgres";

    public static async Task MigrateAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken);
            await UseWriteAheadLogAsync(db, cancellationToken);
            return;
        }

        var target = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var database = target.Database ?? target.Username
            ?? throw new InvalidOperationException("The PostgreSQL connection string names no Database.");

        // Unpooled: the lock belongs to this session, which ends (and frees it) when the connection closes.
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = MaintenanceDatabase, Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@class, hashtext(@database))", connection))
        {
            take.Parameters.AddWithValue("class", LockClass);
            take.Parameters.AddWithValue("database", database);
            // Waiting for another instance's migration is not a timeout.
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await CreateIfMissingAsync(connection, database, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@database))", connection);
            release.Parameters.AddWithValue("class", LockClass);
            release.Parameters.AddWithValue("database", database);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Puts a SQLite database in write-ahead-log mode (kept in the file): readers then never wait for a writer, where
    /// the default rollback journal locks them out while a commit writes, and a commit appends to the log with one
    /// flush instead of writing a journal and the pages with several. Writers still take turns (see <see cref="SqliteBusyWait"/>).
    /// </summary>
    private static async Task UseWriteAheadLogAsync(DbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL", cancellationToken);

    private static async Task CreateIfMissingAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @database", connection))
        {
            exists.Parameters.AddWithValue("database", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        try
        {
            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Made meanwhile by a creator that does not take the lock (an older instance, or by hand): it is there, as wanted.
        }
    }
}
