using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Http;
using Socrates.Api.RepositoryImport;
using Socrates.Api.Tests.GitHub;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Web.Projects.GitHubImport;

namespace Socrates.Api.Tests.Web.Projects;

/// <summary>Its own server: the imports it starts hang on the fake GitHub until that server stops.</summary>
public sealed class RepositoryImportJobsTests(SqliteApp<GitHubTestSetup> app) : ApiTest(app), IClassFixture<SqliteApp<GitHubTestSetup>>
{
    [Fact]
    public async Task A_user_has_no_more_imports_running_than_the_limit_even_when_many_start_at_once()
    {
        using var repository = TestRepository.Create(new Dictionary<string, string> { ["a.py"] = "print(1)\n" });
        var owner = "hang-" + Guid.NewGuid().ToString("N")[..8];
        App.Setup<GitHubTestSetup>().GitHub.Add(new FakeRepository(owner, "shop", repository.Sha, repository.Tarball(owner, "shop")) { HangTarball = true });
        var user = await NewUserAsync();
        var jobs = App.Services.GetRequiredService<RepositoryImportJobs>();
        const int AtOnce = 8;
        using var ready = new Barrier(AtOnce);

        var started = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => Task.Factory.StartNew(() =>
        {
            ready.SignalAndWait(TestContext.Current.CancellationToken);
            try
            {
                jobs.Start(user.Id, new ImportRepositoryRequest($"{owner}/shop", null, null, false));
                return true;
            }
            catch (ProblemException e) when (e.Status == 429)
            {
                return false;
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.Equal(RepositoryImportJobs.MaxRunningPerUser, started.Count(s => s));
        // The limit is each user's own: another user still starts one (Start throws when it refuses).
        var another = await NewUserAsync();
        Assert.Equal(another.Id, jobs.Start(another.Id, new ImportRepositoryRequest($"{owner}/shop", null, null, false)).OwnerId);
    }
}
