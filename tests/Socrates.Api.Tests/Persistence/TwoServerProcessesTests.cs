using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Persistence;

/// <summary>
/// The same changes as <see cref="TwoInstancesOnPostgres"/>, between two server processes on one fresh PostgreSQL
/// database, as deployed: nothing is shared but the database.
/// </summary>
public sealed class TwoServerProcessesOnPostgres(PostgresApp app) : TwoInstancesTests(app)
{
    [Fact]
    public async Task A_deleted_key_a_used_up_budget_and_a_deleted_project_apply_on_the_other_server_process_within_a_second()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fakes = await FakeProviders.StartAsync();
        var data = Directory.CreateTempSubdirectory("socrates-two-").FullName;
        var prefix = $"socrates_test_{Guid.NewGuid():N}"[..30];
        var settings = ServerProcess.Settings(data);
        settings["ConnectionStrings:Auth"] = PostgresApp.WithDatabase(prefix + "_auth");
        settings["ConnectionStrings:Specs"] = PostgresApp.WithDatabase(prefix + "_specs");
        settings["Llm:Providers:openai:BaseUrl"] = fakes.BaseUrl + "v1";
        try
        {
            await using var one = await ServerProcess.StartAsync(settings, ct);
            await using var two = await ServerProcess.StartAsync(settings, ct);
            var user = await one.NewUserAsync();
            using var other = two.CreateClient();
            other.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;
            await ChangesThroughOneApplyOnTheOtherWithinASecondAsync(user.Client, other);
        }
        finally
        {
            await PostgresApp.DropDatabasesAsync(prefix + "_auth", prefix + "_specs");
            Directory.Delete(data, recursive: true);
        }
    }
}
