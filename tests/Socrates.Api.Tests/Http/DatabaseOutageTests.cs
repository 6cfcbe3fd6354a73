using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

/// <summary>A database that cannot be reached is the server's trouble for a while, not a bug: 503 with Retry-After, and /health says which.</summary>
public abstract class DatabaseOutageTests(SocratesApp app) : ApiTest(app)
{
    protected static async Task ExpectUnavailableAsync(HttpResponseMessage response, params string[] secrets)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 503 says when to try again.");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("database is unavailable", detail, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, problem.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}

public sealed class DatabaseOutageOnPostgres(PostgresApp app) : DatabaseOutageTests(app)
{
    [Fact]
    public async Task A_dropped_database_gives_503_with_retry_after_and_health_names_it()
    {
        await using var outage = new PostgresApp();
        await outage.InitializeAsync();
        var client = (await outage.NewUserAsync()).Client;
        await client.CreateProjectAsync();

        await using (var admin = new NpgsqlConnection(PostgresApp.WithDatabase("postgres")))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{outage.SpecsDatabase}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Twice: the first request meets a pooled connection the drop cut, the second a database that is gone.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await ExpectUnavailableAsync(await client.GetAsync("/api/v1/projects"), outage.SpecsDatabase, "Host=", "127.0.0.1", "Npgsql");
        }

        var health = await (await outage.CreateClient().GetAsync("/health")).ExpectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        Assert.Equal("unhealthy", health.GetProperty("specs").GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("auth").GetProperty("status").GetString());
    }
}

public sealed class DatabaseOutageOnSqlite(SqliteApp app) : DatabaseOutageTests(app)
{
    [Fact]
    public async Task A_database_locked_past_the_busy_timeout_gives_503_with_retry_after()
    {
        await using var locked = new SqliteApp();
        var specs = Path.Combine(locked.DataDirectory, "specs.db");
        // One second of waiting for the lock instead of the default thirty.
        locked.Set("ConnectionStrings:Specs", $"Data Source={specs};Default Timeout=1");
        await locked.InitializeAsync();
        var client = (await locked.NewUserAsync()).Client;

        await using (var holder = new SqliteConnection($"Data Source={specs};Pooling=False"))
        {
            await holder.OpenAsync(TestContext.Current.CancellationToken);
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

            await ExpectUnavailableAsync(await client.PostJsonAsync("/api/v1/projects", new { name = "Waits for the lock" }), specs);
        }

        // The lock is gone with its connection, and the same request succeeds: nothing was left half-done.
        await client.CreateProjectAsync("After the lock");
        var list = await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("total_count").GetInt32());
    }
}
