using Microsoft.Extensions.Options;
using Socrates.Api.GitHub;
using Socrates.Analysis;
using Socrates.Api.Http;
using Socrates.Api.Keys;

namespace Socrates.Api.Tests.GitHub;

/// <summary>The fetcher and the analysis service on their own, against the fake GitHub API.</summary>
public sealed class RepositoryFetcherTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;
    private readonly string _work = Directory.CreateTempSubdirectory("socrates-fetcher-work-").FullName;

    public async ValueTask InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _github.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private GitHubOptions Options(TimeSpan? timeout = null) => new()
    {
        ApiBaseUrl = _github.BaseUrl,
        WorkDirectory = _work,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    private static RepositoryAnalysisService Service(GitHubOptions options) =>
        new(new RepositoryFetcher(new HttpClient(RepositoryFetcher.CreateHandler(options)), Microsoft.Extensions.Options.Options.Create(options)),
            Microsoft.Extensions.Options.Options.Create(options),
            TimeProvider.System,
            new ProviderKeys(new NoStoredKeys(), []),
            new FetchSlots(Microsoft.Extensions.Options.Options.Create(options)));

    [Fact]
    public async Task Fetches_the_tarball_of_the_resolved_commit_and_removes_the_folder_afterwards()
    {
        using var repository = TestRepository.Create(new Dictionary<string, string> { ["main.go"] = "package main\n", ["go.mod"] = "module x\n\nrequire github.com/gin-gonic/gin v1.9.1\n" });
        _github.Add(repository.AsFake("octo", "svc"));
        var options = Options();
        var fetcher = new RepositoryFetcher(new HttpClient(RepositoryFetcher.CreateHandler(options)), Microsoft.Extensions.Options.Options.Create(options));

        string root;
        await using (var fetched = await fetcher.FetchAsync(RepositoryUrl.Parse("octo/svc", options), null, CancellationToken.None))
        {
            root = fetched.Root;
            Assert.True(File.Exists(Path.Combine(root, "main.go")));
            Assert.Equal(repository.Sha, fetched.Source.CommitSha);
            Assert.Equal("octo/svc", fetched.Source.FullName);
        }

        Assert.False(Directory.Exists(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task A_fetch_past_the_wall_clock_limit_is_a_504_and_leaves_no_folder()
    {
        using var repository = TestRepository.Create(new Dictionary<string, string> { ["a.py"] = "print(1)\n" });
        _github.Add(new FakeRepository("slow", "repo", repository.Sha, repository.Tarball("slow", "repo")) { HangTarball = true });

        var problem = await Assert.ThrowsAsync<ProblemException>(() =>
            Service(Options(TimeSpan.FromSeconds(1))).AnalyzeAsync(Guid.NewGuid(), "slow/repo", null, CancellationToken.None));

        Assert.Equal(504, problem.Status);
        Assert.Contains("GitHub:Timeout", problem.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task An_allowed_archive_host_that_resolves_to_loopback_is_refused_when_connecting()
    {
        using var repository = TestRepository.Create(new Dictionary<string, string> { ["a.py"] = "print(1)\n" });
        _github.Add(new FakeRepository("rebind", "repo", repository.Sha, repository.Tarball("rebind", "repo"))
        {
            RedirectTarballTo = "https://localhost/archive.tar.gz",
        });
        var options = Options();
        options.ArchiveHosts = ["localhost"]; // allowed by name, so only the connection-time address check stands in the way
        var fetcher = new RepositoryFetcher(new HttpClient(RepositoryFetcher.CreateHandler(options)), Microsoft.Extensions.Options.Options.Create(options));

        var refused = await Assert.ThrowsAsync<ProblemException>(() => fetcher.FetchAsync(RepositoryUrl.Parse("rebind/repo", options), null, CancellationToken.None));

        Assert.Equal(400, refused.Status);
        Assert.Contains("non-public", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task Fetches_beyond_the_concurrency_limit_wait_for_a_free_slot()
    {
        using var slots = new FetchSlots(Microsoft.Extensions.Options.Options.Create(new GitHubOptions { MaxConcurrentFetches = 1 }));
        var first = await slots.EnterAsync(CancellationToken.None);
        var second = slots.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second).Dispose();

        using var cancelled = new CancellationTokenSource();
        using var held = await slots.EnterAsync(CancellationToken.None);
        var waiting = slots.EnterAsync(cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    /// <summary>A user who stored no keys (the endpoint tests use the real store).</summary>
    private sealed class NoStoredKeys : IUserApiKeys
    {
        public Task<string?> FindAsync(Guid userId, string provider, CancellationToken ct) => Task.FromResult<string?>(null);
    }
}
