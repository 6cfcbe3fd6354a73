using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Socrates.Api.Persistence;

/// <summary>
/// Has SQLite itself wait for a busy database (<c>PRAGMA busy_timeout</c>), in steps of a few milliseconds. Without it
/// SQLite answers "busy" at once, and Microsoft.Data.Sqlite retries after sleeping 150 ms on the thread: at 64 callers,
/// one conversation turn in a hundred waited 150 to 450 ms for another turn's write of under a millisecond
/// (bench/Socrates.Bench.Llm). The setting belongs to the native connection, which the pool hands out again and again,
/// so it is set once for each, on its first open.
/// </summary>
internal sealed class SqliteBusyWait : DbConnectionInterceptor
{
    /// <summary>As long as Microsoft.Data.Sqlite's own default command timeout.</summary>
    public const int Milliseconds = 30_000;

    private const string Pragma = "PRAGMA busy_timeout = 30000";

    public static readonly SqliteBusyWait Instance = new();

    /// <summary>The native connections already set; one the pool closes for good leaves with it.</summary>
    private readonly ConditionalWeakTable<object, object?> _set = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsSet(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
            MarkSet(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsSet(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkSet(connection);
        }
    }

    private bool IsSet(DbConnection connection) => ((SqliteConnection)connection).Handle is { } native && _set.TryGetValue(native, out _);

    private void MarkSet(DbConnection connection)
    {
        if (((SqliteConnection)connection).Handle is { } native)
        {
            _set.TryAdd(native, null);
        }
    }
}
