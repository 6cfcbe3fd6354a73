using Npgsql;
using Socrates.Api.Persistence;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server from SOCRATES_TEST_POSTGRES (a server connection string without a database).
/// Each instance makes its own two databases, named for the run, and drops them afterwards.
/// </summary>
public class PostgresApp : SocratesApp
{
    public const string EnvironmentVariable = "SOCRATES_TEST_POSTGRES";

    private static readonly string? ServerConnection = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private readonly string _prefix = $"socrates_test_{Guid.NewGuid():N}"[..30];

    public PostgresApp()
        : this(null)
    {
    }

    protected PostgresApp(IAppSetup? setup)
        : base(setup)
    {
        if (ServerConnection is not null)
        {
            Set("ConnectionStrings:Auth", WithDatabase(AuthDatabase));
            Set("ConnectionStrings:Specs", WithDatabase(SpecsDatabase));
        }
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string? Unavailable => ServerConnection is null
        ? $"{EnvironmentVariable} is not set; set it to e.g. \"Host=127.0.0.1;Username=postgres;Password=postgres\" to run the PostgreSQL tests."
        : null;

    public string AuthDatabase => _prefix + "_auth";

    public string SpecsDatabase => _prefix + "_specs";

    public static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnection) { Database = database }.ConnectionString;

    /// <summary>Caps the connection pools, so that many concurrent calls cannot exhaust a shared server's max_connections.</summary>
    public void LimitPools(int specs, int auth)
    {
        Set("ConnectionStrings:Specs", WithDatabase(SpecsDatabase) + $";Maximum Pool Size={specs}");
        Set("ConnectionStrings:Auth", WithDatabase(AuthDatabase) + $";Maximum Pool Size={auth}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (ServerConnection is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await DropDatabasesAsync(AuthDatabase, SpecsDatabase);
    }

    /// <summary>Drops the databases, closing whatever connections they still have.</summary>
    public static async Task DropDatabasesAsync(params string[] databases)
    {
        await using var connection = new NpgsqlConnection(WithDatabase("postgres"));
        await connection.OpenAsync();
        foreach (var database in databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>A server on PostgreSQL with a feature's setup; as a class fixture each test class gets its own databases.</summary>
public sealed class PostgresApp<TSetup>() : PostgresApp(new TSetup())
    where TSetup : IAppSetup, new();
