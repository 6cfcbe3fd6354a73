using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Persistence;

/// <summary>
/// Instances of a deployment start together: each creates and migrates the databases if they are missing, and
/// none may fail because another is doing the same.
/// </summary>
public abstract class ConcurrentStartTests(SocratesApp app) : ApiTest(app)
{
    private const int Instances = 4;
    private const int Rounds = 3;

    /// <summary>A new app on fresh databases of this provider, not started.</summary>
    protected abstract SocratesApp NewApp();

    [Fact]
    public async Task Instances_starting_together_on_fresh_databases_all_start_and_serve()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var apps = Enumerable.Range(0, Instances).Select(_ => NewApp()).ToList();
            try
            {
                foreach (var other in apps.Skip(1))
                {
                    other.Set("ConnectionStrings:Auth", apps[0].Setting("ConnectionStrings:Auth"));
                    other.Set("ConnectionStrings:Specs", apps[0].Setting("ConnectionStrings:Specs"));
                }

                using var start = new Barrier(Instances);
                await Task.WhenAll(apps.Select(a => Task.Run(async () =>
                {
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    await a.InitializeAsync();
                })));

                foreach (var instance in apps)
                {
                    var client = (await instance.NewUserAsync()).Client;
                    await client.CreateProjectAsync();
                    var list = await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
                    Assert.Equal(1, list.GetProperty("total_count").GetInt32());
                }
            }
            finally
            {
                // The first owns the shared databases (a PostgresApp drops its own): it goes last, after every other is stopped.
                foreach (var instance in Enumerable.Reverse(apps))
                {
                    await instance.DisposeAsync();
                }
            }
        }
    }
}

public sealed class ConcurrentStartOnSqlite(SqliteApp app) : ConcurrentStartTests(app)
{
    protected override SocratesApp NewApp() => new SqliteApp();
}

public sealed class ConcurrentStartOnPostgres(PostgresApp app) : ConcurrentStartTests(app)
{
    protected override SocratesApp NewApp() => new PostgresApp();
}
