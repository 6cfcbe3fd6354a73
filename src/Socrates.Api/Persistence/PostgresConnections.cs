using System.Data.Common;

namespace Socrates.Api.Persistence;

/// <summary>What Socrates adds to a PostgreSQL connection string the operator gave it; a setting the string has wins.</summary>
public static class PostgresConnections
{
    /// <summary>Statements each connection keeps prepared: more than the distinct statements a request path issues.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// <para>
    /// <c>Max Auto Prepare</c> (off unless set) lets Npgsql prepare a statement once it has run a few times: PostgreSQL then
    /// parses and plans each of EF's statements once per connection instead of on every round trip, which took a third
    /// of a conversation turn's database time (bench/Socrates.Bench.Llm). <c>Max Auto Prepare=0</c> turns it off behind a
    /// pooler that cannot keep prepared statements.
    /// </para>
    /// <para>
    /// <c>No Reset On Close</c>: a pooled connection handed out again skips the reset Npgsql otherwise sends with its first
    /// statement (RESET ALL, CLOSE ALL, UNLISTEN, DISCARD...), 0.15 to 0.2 ms of the server's time before every query on
    /// a fresh lease, twice in every conversation turn. Socrates leaves no session state on a pooled connection: its
    /// settings are transaction-local (<c>set_config(..., true)</c>), and its LISTEN and advisory lock run on
    /// connections of their own. An operator whose own code does keep session state sets it to false.
    /// </para>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        AddUnlessSet(given, "Max Auto Prepare", DefaultMaxAutoPrepare);
        AddUnlessSet(given, "No Reset On Close", true);
        return given.ConnectionString;
    }

    private static void AddUnlessSet(DbConnectionStringBuilder given, string keyword, object value)
    {
        if (!given.ContainsKey(keyword) && !given.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal)))
        {
            given[keyword] = value;
        }
    }
}
