using System.Data.Common;

namespace Socrates.Api.Persistence;

/// <summary>What Socrates adds to a PostgreSQL connection string the operator gave it.</summary>
public static class PostgresConnections
{
    /// <summary>Statements each connection keeps prepared: more than the distinct statements a request path issues.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Lets Npgsql prepare a statement once it has run a few times (<c>Max Auto Prepare</c>, off unless set): PostgreSQL
    /// then parses and plans each of EF's statements once per connection instead of on every round trip, which took a
    /// third of a conversation turn's database time (bench/Socrates.Bench.Llm). A connection string that sets it wins,
    /// e.g. <c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        given["Max Auto Prepare"] = DefaultMaxAutoPrepare;
        return given.ConnectionString;
    }
}
