namespace Socrates.Api.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

internal static class DatabaseProviders
{
    /// <summary>
    /// A connection string names its provider by its keywords: Npgsql's Host= (or Server=) means
    /// PostgreSQL; anything else (Data Source=...) is the embedded SQLite default.
    /// </summary>
    public static DatabaseProvider Detect(string connectionString)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var keyword = part.Split('=', 2)[0].Trim();
            if (keyword.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || keyword.Equals("Server", StringComparison.OrdinalIgnoreCase))
            {
                return DatabaseProvider.Postgres;
            }
        }

        return DatabaseProvider.Sqlite;
    }
}
