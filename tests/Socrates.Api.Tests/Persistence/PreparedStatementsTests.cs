using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Persistence;

public sealed class PostgresConnectionsTests
{
    [Theory]
    [InlineData("Host=db;Username=socrates;Password=p;Database=socrates_specs")]
    [InlineData("host=db;database=socrates_specs;SSL Mode=Require")]
    public void A_connection_string_without_the_settings_gets_them_and_keeps_everything_else(string given)
    {
        var result = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnections.Tuned(given));
        var original = new Npgsql.NpgsqlConnectionStringBuilder(given);

        Assert.Equal(PostgresConnections.DefaultMaxAutoPrepare, result.MaxAutoPrepare);
        Assert.True(result.NoResetOnClose);
        Assert.Equal((original.Host, original.Database, original.SslMode), (result.Host, result.Database, result.SslMode));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;maxautoprepare=5;noresetonclose=False", 5, false)]
    [InlineData("Host=db;Max Auto Prepare=0", 0, true)]
    public void The_operators_own_settings_win(string given, int maxAutoPrepare, bool noResetOnClose)
    {
        var result = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnections.Tuned(given));
        Assert.Equal((maxAutoPrepare, noResetOnClose), (result.MaxAutoPrepare, result.NoResetOnClose));
    }
}

/// <summary>The specs database's statements are prepared on the server once they repeat, so it no longer plans them each time.</summary>
public sealed class PreparedStatementsOnPostgres(PostgresApp app) : ApiTest(app)
{
    [Fact]
    public async Task A_query_run_a_few_times_on_a_connection_is_prepared_on_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        _ = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        await db.Database.OpenConnectionAsync(ct);
        var probe = Guid.NewGuid();
        for (var i = 0; i < 6; i++)
        {
            _ = await db.Projects.AsNoTracking().AnyAsync(p => p.Id == probe, ct);
        }

        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync(ct);
        Assert.Contains(prepared, s => s.Contains("FROM projects", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_databases_connect_with_the_tuned_settings()
    {
        _ = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        foreach (DbContext db in new DbContext[] { scope.ServiceProvider.GetRequiredService<AuthDb>(), scope.ServiceProvider.GetRequiredService<SpecsDb>() })
        {
            var used = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            Assert.Equal((PostgresConnections.DefaultMaxAutoPrepare, true), (used.MaxAutoPrepare, used.NoResetOnClose));
        }
    }
}
