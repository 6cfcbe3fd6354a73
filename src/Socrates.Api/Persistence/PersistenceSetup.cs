using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Socrates.Api.Persistence;

internal static class PersistenceSetup
{
    public static IServiceCollection AddSocratesDatabases(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var auth = ConnectionString(configuration, "Auth", contentRoot);
        var specs = ConnectionString(configuration, "Specs", contentRoot);

        // Pooled: building a context and its options per request costs a tenth of a chat's CPU (bench/Socrates.Bench.Llm).
        if (DatabaseProviders.Detect(auth) == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<AuthDb, PostgresAuthDb>(o => o.UseNpgsql(auth));
        }
        else
        {
            services.AddDbContextPool<AuthDb, SqliteAuthDb>(o => o.UseSqlite(auth).AddInterceptors(SqliteBusyWait.Instance));
        }

        if (DatabaseProviders.Detect(specs) == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<SpecsDb, PostgresSpecsDb>(o => o.UseNpgsql(specs));
        }
        else
        {
            services.AddDbContextPool<SpecsDb, SqliteSpecsDb>(o => o.UseSqlite(specs).AddInterceptors(SqliteBusyWait.Instance));
        }

        return services;
    }

    /// <summary>
    /// Creates missing databases and brings both schemas up to date before the first request; instances that
    /// start together on one database take turns (see <see cref="DatabaseMigration"/>).
    /// </summary>
    public static async Task MigrateDatabasesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await DatabaseMigration.MigrateAsync(scope.ServiceProvider.GetRequiredService<AuthDb>());
        await DatabaseMigration.MigrateAsync(scope.ServiceProvider.GetRequiredService<SpecsDb>());
    }

    private static string ConnectionString(IConfiguration configuration, string name, string contentRoot)
    {
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{name} is not set. Use \"Data Source=data/socrates_{name.ToLowerInvariant()}.db\" for SQLite " +
                $"or \"Host=...;Database=socrates_{name.ToLowerInvariant()};Username=...;Password=...\" for PostgreSQL.");
        }

        if (DatabaseProviders.Detect(value) == DatabaseProvider.Postgres)
        {
            return PostgresConnections.Tuned(value);
        }

        // A relative SQLite path is taken from the content root, and its folder is made on first run,
        // so `dotnet run` works on a fresh clone with nothing to set up.
        var builder = new SqliteConnectionStringBuilder(value);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        return builder.ToString();
    }
}
