using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// A specs database of a test's own, beside its server's, on the server's provider: a SQLite file in the server's data
/// directory, or a PostgreSQL database. The test migrates it through <see cref="NewDb"/> and drops it at the end.
/// </summary>
public sealed class ScratchSpecsDatabase(SocratesApp app, string purpose)
{
    private readonly string _name = $"socrates_test_{Guid.NewGuid():N}"[..30] + "_" + purpose;

    private string SqliteFile => Path.Combine(app.DataDirectory, _name + ".db");

    // SQLite without pooling, so that the file can be deleted afterwards.
    public SpecsDb NewDb() => app.Provider == DatabaseProvider.Sqlite
        ? new SqliteSpecsDb(new DbContextOptionsBuilder<SqliteSpecsDb>().UseSqlite($"Data Source={SqliteFile};Pooling=False").Options)
        : new PostgresSpecsDb(new DbContextOptionsBuilder<PostgresSpecsDb>().UseNpgsql(PostgresApp.WithDatabase(_name)).Options);

    public Task DropAsync()
    {
        if (app.Provider == DatabaseProvider.Sqlite)
        {
            File.Delete(SqliteFile);
            return Task.CompletedTask;
        }

        return PostgresApp.DropDatabasesAsync(_name);
    }
}
