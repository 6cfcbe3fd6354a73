using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Socrates.Api.Http;

internal static class DbErrors
{
    /// <summary>SQLITE_BUSY and SQLITE_LOCKED: another connection held the database past the busy timeout.</summary>
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>True when the save failed on a unique index: the race the "exists?" check before it could not close.</summary>
    /// <param name="exception">EF's DbUpdateException, or the provider's own exception (raw SQL).</param>
    public static bool IsUniqueViolation(this Exception exception) => Provider(exception) switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// True when the exception, or one it wraps, says the database could not be reached or could not take the
    /// request now (refused, timed out, too many connections, shutting down, dropped, locked): a later try may
    /// succeed, and nothing about the request itself was wrong.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var unavailable = e switch
            {
                RetryLimitExceededException => true,
                PostgresException postgres => postgres.IsTransient
                    || postgres.SqlState is PostgresErrorCodes.InvalidCatalogName
                        or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown,
                NpgsqlException npgsql => npgsql.IsTransient,
                SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
                _ => false,
            };
            if (unavailable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the save referenced a parent row that is gone: it was deleted after the handler found it.</summary>
    public static bool IsForeignKeyViolation(this Exception exception) => Provider(exception) switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode == 787,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        _ => false,
    };

    private static DbException? Provider(Exception exception) => exception as DbException ?? exception.InnerException as DbException;

    /// <summary>True when the database chose this transaction as the loser of a lock cycle or serialization conflict; it was rolled back.</summary>
    public static bool IsTransactionConflict(this Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException)?.SqlState
            is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
