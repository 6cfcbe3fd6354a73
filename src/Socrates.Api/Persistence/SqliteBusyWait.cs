using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Socrates.Api.Persistence;

/// <summary>
/// Has SQLite itself wait for a busy database (<c>PRAGMA busy_timeout</c>, set on every connection as it opens), in
/// steps of a few milliseconds. Without it SQLite answers "busy" at once, and Microsoft.Data.Sqlite retries after
/// sleeping 150 ms on the thread: at 64 callers, one conversation turn in a hundred waited 150 to 450 ms for another
/// turn's write of under a millisecond (bench/Socrates.Bench.Llm).
/// </summary>
internal sealed class SqliteBusyWait : DbConnectionInterceptor
{
    /// <summary>As long as Microsoft.Data.Sqlite's own default command timeout.</summary>
    public const int Milliseconds = 30_000;

    private const string Pragma = "PRAGMA busy_timeout = 30000";

    public static readonly SqliteBusyWait Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
