using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Persistence;

public sealed class ModelSnapshotTests
{
    public static TheoryData<string> Contexts => [nameof(SqliteAuthDb), nameof(PostgresAuthDb), nameof(SqliteSpecsDb), nameof(PostgresSpecsDb)];

    /// <summary>A model change without its migration (on either provider) fails here, not in production.</summary>
    [Theory]
    [MemberData(nameof(Contexts))]
    public void The_model_has_no_changes_missing_a_migration(string context)
    {
        using DbContext db = context switch
        {
            nameof(SqliteAuthDb) => new SqliteAuthDbFactory().CreateDbContext([]),
            nameof(PostgresAuthDb) => new PostgresAuthDbFactory().CreateDbContext([]),
            nameof(SqliteSpecsDb) => new SqliteSpecsDbFactory().CreateDbContext([]),
            _ => new PostgresSpecsDbFactory().CreateDbContext([]),
        };

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{context} has model changes without a migration: run scripts/add-migration <Name>.");
    }
}

public abstract class MigrationsTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public Task Start_up_applies_every_migration_to_both_databases() => OnBothDatabasesAsync(async db =>
    {
        Assert.Equal(App.Provider == DatabaseProvider.Postgres, db.Database.IsNpgsql());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    });

    /// <summary>Runs <paramref name="check"/> on the auth and the specs database of the started server.</summary>
    protected async Task OnBothDatabasesAsync(Func<DbContext, Task> check)
    {
        _ = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        foreach (DbContext db in new DbContext[] { scope.ServiceProvider.GetRequiredService<AuthDb>(), scope.ServiceProvider.GetRequiredService<SpecsDb>() })
        {
            await check(db);
        }
    }
}

public sealed class MigrationsOnSqlite(SqliteApp app) : MigrationsTests(app)
{
    /// <summary>Readers must not wait for a writer's commit, as they do in SQLite's default rollback-journal mode.</summary>
    [Fact]
    public Task Both_databases_are_in_write_ahead_log_mode_after_start_up() => OnBothDatabasesAsync(async db =>
    {
        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("wal", mode);
    });

    /// <summary>
    /// SQLite waits for a busy database itself, instead of Microsoft.Data.Sqlite's retries 150 ms apart: on a connection's
    /// first open, and on every later one, which the pool serves from the same native connection without setting it again.
    /// </summary>
    [Fact]
    public Task Every_connection_waits_for_a_busy_database_inside_sqlite() => OnBothDatabasesAsync(async db =>
    {
        for (var open = 0; open < 3; open++)
        {
            var wait = await db.Database.SqlQueryRaw<int>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(SqliteBusyWait.Milliseconds, wait);
        }
    });
}

public sealed class MigrationsOnPostgres(PostgresApp app) : MigrationsTests(app);
