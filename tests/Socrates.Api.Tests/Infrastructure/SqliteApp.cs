using Socrates.Api.Persistence;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>The embedded default: two SQLite files in a fresh temporary folder.</summary>
public class SqliteApp : SocratesApp
{
    public SqliteApp()
        : this(null)
    {
    }

    protected SqliteApp(IAppSetup? setup)
        : base(setup)
    {
        Set("ConnectionStrings:Auth", $"Data Source={Path.Combine(DataDirectory, "auth.db")}");
        Set("ConnectionStrings:Specs", $"Data Source={Path.Combine(DataDirectory, "specs.db")}");
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>A server on SQLite with a feature's setup; as a class fixture each test class gets its own.</summary>
public sealed class SqliteApp<TSetup>() : SqliteApp(new TSetup())
    where TSetup : IAppSetup, new();
