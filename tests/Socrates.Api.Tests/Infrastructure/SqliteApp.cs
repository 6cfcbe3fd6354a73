using Socrates.Api.Persistence;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>The embedded default: two SQLite files in a fresh temporary folder.</summary>
public class SqliteApp : SocratesApp
{
    public SqliteApp()
    {
        Set("ConnectionStrings:Auth", $"Data Source={Path.Combine(DataDirectory, "auth.db")}");
        Set("ConnectionStrings:Specs", $"Data Source={Path.Combine(DataDirectory, "specs.db")}");
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
