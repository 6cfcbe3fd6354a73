using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Socrates.Api.Persistence;

// One subclass per database and provider: EF Core ties a migrations set to a context type,
// and SQLite and PostgreSQL need different migrations for the same model.

public sealed class SqliteAuthDb(DbContextOptions<SqliteAuthDb> options) : AuthDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

public sealed class PostgresAuthDb(DbContextOptions<PostgresAuthDb> options) : AuthDb(options);

public sealed class SqliteSpecsDb(DbContextOptions<SqliteSpecsDb> options) : SpecsDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

public sealed class PostgresSpecsDb(DbContextOptions<PostgresSpecsDb> options) : SpecsDb(options);

// Design-time factories let `dotnet ef` build each context without starting the web host.
// The connection strings are placeholders: adding a migration never connects.

internal sealed class SqliteAuthDbFactory : IDesignTimeDbContextFactory<SqliteAuthDb>
{
    public SqliteAuthDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAuthDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresAuthDbFactory : IDesignTimeDbContextFactory<PostgresAuthDb>
{
    public PostgresAuthDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAuthDb>().UseNpgsql("Host=localhost").Options);
}

internal sealed class SqliteSpecsDbFactory : IDesignTimeDbContextFactory<SqliteSpecsDb>
{
    public SqliteSpecsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSpecsDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresSpecsDbFactory : IDesignTimeDbContextFactory<PostgresSpecsDb>
{
    public PostgresSpecsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSpecsDb>().UseNpgsql("Host=localhost").Options);
}
