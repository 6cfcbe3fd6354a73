using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.GitHub;

public abstract class GitHubApiTests(SocratesApp app) : ApiTest(app)
{
    private GitHubTestSetup Setup => App.Setup<GitHubTestSetup>();

    private FakeGitHub GitHub => Setup.GitHub;

    private void AssertWorkFolderEmpty() =>
        Assert.Empty(Directory.EnumerateFileSystemEntries(Setup.WorkDirectory));

    [Fact]
    public async Task Analyze_reports_languages_frameworks_tests_ci_licence_and_the_commit()
    {
        var repo = Setup.Publish(SampleRepositories.WebApp);
        var session = await NewUserAsync();

        var analysis = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = $"https://github.com/{repo.FullName}" }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(repo.Sha, analysis.GetProperty("source").GetProperty("commit_sha").GetString());
        Assert.Equal("main", analysis.GetProperty("source").GetProperty("ref").GetString());
        var languages = analysis.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
        Assert.Contains("TypeScript", languages);
        Assert.DoesNotContain("JavaScript", languages); // node_modules is vendored
        Assert.Equal("TypeScript", analysis.GetProperty("primary_language").GetString());
        var frameworks = analysis.GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("React", frameworks);
        Assert.Contains("Express", frameworks);
        Assert.Contains("Jest", frameworks);
        Assert.True(analysis.GetProperty("tests").GetProperty("has_tests").GetBoolean());
        Assert.Equal("GitHub Actions", Assert.Single(analysis.GetProperty("ci").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("Dockerfile", Assert.Single(analysis.GetProperty("containers").GetProperty("dockerfiles").EnumerateArray()).GetString());
        Assert.Equal("MIT", analysis.GetProperty("licence").GetProperty("spdx_id").GetString());
        Assert.Equal("A small shop for selling tea online. It has a cart.", analysis.GetProperty("description").GetString());
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task Private_repository_is_fetched_with_the_stored_token_in_a_header_never_the_url()
    {
        const string token = "ghp_private_token_for_tests_123";
        var repo = Setup.Publish(SampleRepositories.WebApp, isPrivate: true, token: token);
        var session = await NewUserAsync();

        var withoutToken = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("token", withoutToken.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await GitHubTestSetup.StoreTokenAsync(session, token);
        var analysis = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(repo.Sha, analysis.GetProperty("source").GetProperty("commit_sha").GetString());

        var calls = GitHub.Requests.Where(r => r.PathAndQuery.Contains(repo.FullName, StringComparison.Ordinal)).ToList();
        Assert.Contains(calls, r => r.PathAndQuery.Contains("/tarball/", StringComparison.Ordinal) && r.Authorization.EndsWith(token, StringComparison.Ordinal));
        Assert.DoesNotContain(calls, r => r.PathAndQuery.Contains(token, StringComparison.Ordinal));
        // The redirected download goes without the token.
        Assert.All(calls.Where(r => r.PathAndQuery.StartsWith("/_codeload/", StringComparison.Ordinal)), r => Assert.Equal("", r.Authorization));
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task A_ref_from_the_tree_url_or_the_body_is_analysed_and_an_unknown_ref_is_not_found()
    {
        using var repository = TestRepository.Create(SampleRepositories.WebApp);
        var repo = GitHub.Add(new FakeRepository("refs-" + Guid.NewGuid().ToString("N")[..8], "shop", repository.Sha, repository.Tarball("o", "shop"))
        {
            OtherRefs = ["release/1.0"],
        });
        var session = await NewUserAsync();

        var fromTree = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = $"https://github.com/{repo.FullName}/tree/release/1.0" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("release/1.0", fromTree.GetProperty("source").GetProperty("ref").GetString());

        var fromBody = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = $"https://github.com/{repo.FullName}.git", @ref = "release/1.0" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(repo.Sha, fromBody.GetProperty("source").GetProperty("commit_sha").GetString());

        await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName, @ref = "no-such-branch" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ssh://git@github.com/owner/repo.git")]
    [InlineData("git://github.com/owner/repo.git")]
    [InlineData("git@github.com:owner/repo.git")]
    [InlineData("http://github.com/owner/repo")]
    [InlineData("https://user:secret@github.com/owner/repo")]
    [InlineData("https://ghp_token@github.com/owner/repo")]
    [InlineData("https://127.0.0.1/owner/repo")]
    [InlineData("https://[::1]/owner/repo")]
    [InlineData("https://[::ffff:127.0.0.1]/owner/repo")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://github.com:8443/owner/repo")]
    [InlineData("https://gitlab.com/owner/repo")]
    [InlineData("https://github.com.evil.example/owner/repo")]
    [InlineData("https://localhost/owner/repo")]
    [InlineData("https://github.com/just-an-owner")]
    [InlineData("https://github.com/owner/..")]
    [InlineData("not a url")]
    public async Task Rejected_urls_are_400_problems_before_anything_is_fetched(string url)
    {
        var session = await NewUserAsync();
        var before = GitHub.Requests.Count;

        var problem = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = url }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.DoesNotContain("secret", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, GitHub.Requests.Count);
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task A_ref_that_could_read_as_an_option_is_rejected()
    {
        var session = await NewUserAsync();
        await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = "owner/repo", @ref = "--upload-pack=touch /tmp/x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = "owner/repo", @ref = "../../etc" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Hostile_archive_links_and_escaping_entries_are_dropped_and_big_files_read_only_in_part()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"socrates-escape-{Guid.NewGuid():N}");
        var tarball = HostileTarball.Build(w =>
        {
            HostileTarball.File(w, "evil-repo-0123456/main.py", "print('hello')\n");
            HostileTarball.Link(w, "evil-repo-0123456/passwd.py", "/etc/passwd");
            HostileTarball.Link(w, "evil-repo-0123456/up", "../../..");
            HostileTarball.File(w, "evil-repo-0123456/up/escaped.py", "print('via link')\n");
            HostileTarball.Link(w, "evil-repo-0123456/hard.py", "/etc/hostname", System.Formats.Tar.TarEntryType.HardLink);
            HostileTarball.File(w, "evil-repo-0123456/../" + Path.GetFileName(outside) + ".py", "print('escaped')\n");
            HostileTarball.File(w, "evil-repo-0123456/" + new string('.', 2) + "/" + new string('.', 2) + "/tmp/x.py", "print('escaped')\n");
            HostileTarball.File(w, "evil-repo-0123456/big.py", "x = 1\n" + new string('#', GitHubTestSetup.MaxFileBytes * 10));
        });
        var repo = GitHub.Add(new FakeRepository("evil-" + Guid.NewGuid().ToString("N")[..8], "repo", HostileTarball.Sha, tarball));
        var session = await NewUserAsync();

        var analysis = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName }))
            .ExpectAsync(HttpStatusCode.OK);

        var python = Assert.Single(analysis.GetProperty("languages").EnumerateArray());
        Assert.Equal("Python", python.GetProperty("name").GetString());
        // main.py, big.py and up/escaped.py, which lands inside the tree because the link "up" was never created.
        Assert.Equal(3, python.GetProperty("files").GetInt32());
        Assert.True(python.GetProperty("bytes").GetInt64() > GitHubTestSetup.MaxFileBytes * 10, "A file over the read cap still counts its full size.");
        var warnings = string.Join("\n", analysis.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Contains("link", warnings, StringComparison.Ordinal);
        Assert.Contains("outside", warnings, StringComparison.Ordinal);
        Assert.False(File.Exists(outside + ".py"));
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task An_archive_with_too_many_files_is_422()
    {
        var tarball = HostileTarball.Build(w =>
        {
            for (var i = 0; i <= GitHubTestSetup.MaxFiles; i++)
            {
                HostileTarball.File(w, $"evil-repo-0123456/f{i}.c", "int x;\n");
            }
        });
        var repo = GitHub.Add(new FakeRepository("many-" + Guid.NewGuid().ToString("N")[..8], "repo", HostileTarball.Sha, tarball));
        var session = await NewUserAsync();

        var problem = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("MaxFiles", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task A_download_over_the_size_cap_is_413()
    {
        var random = new byte[GitHubTestSetup.MaxDownloadBytes + 1024];
        new Random(4).NextBytes(random); // incompressible, so the gzip is over the download cap
        var tarball = HostileTarball.Build(w => HostileTarball.File(w, "evil-repo-0123456/noise.bin", random));
        var repo = GitHub.Add(new FakeRepository("huge-" + Guid.NewGuid().ToString("N")[..8], "repo", HostileTarball.Sha, tarball));
        var session = await NewUserAsync();

        var problem = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName }))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertWorkFolderEmpty();
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://localhost/archive.tar.gz")]
    [InlineData("https://evil.example/archive.tar.gz")]
    public async Task An_archive_redirect_to_a_host_that_is_not_allowed_is_refused(string target)
    {
        using var repository = TestRepository.Create(SampleRepositories.WebApp);
        var repo = GitHub.Add(new FakeRepository("redir-" + Guid.NewGuid().ToString("N")[..8], "shop", repository.Sha, repository.Tarball("o", "shop"))
        {
            RedirectTarballTo = target,
        });
        var session = await NewUserAsync();

        var problem = await (await session.Client.PostJsonAsync("/api/v1/github/analyze", new { repo_url = repo.FullName }))
            .ExpectProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("not an allowed archive host", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task Repos_lists_the_callers_repositories_page_by_page_through_octokit()
    {
        var session = await NewUserAsync();
        await GitHubTestSetup.StoreTokenAsync(session, GitHub.UserToken);
        lock (GitHub.UserRepositories)
        {
            if (GitHub.UserRepositories.Count == 0)
            {
                for (var i = 1; i <= 5; i++)
                {
                    GitHub.UserRepositories.Add(new FakeRepository("me", $"project-{i}", new string('a', 40), []) { Private = i % 2 == 0, Language = "C#" });
                }
            }
        }

        var first = await (await session.Client.GetAsync("/api/v1/github/repos?page=1&per_page=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["me/project-1", "me/project-2"], first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("full_name").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var second = first.GetProperty("items")[1];
        Assert.True(second.GetProperty("private").GetBoolean());
        Assert.Equal("main", second.GetProperty("default_branch").GetString());
        Assert.Equal("C#", second.GetProperty("language").GetString());
        Assert.Equal("https://github.com/me/project-2", second.GetProperty("url").GetString());
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), second.GetProperty("updated_at").GetDateTimeOffset());

        var last = await (await session.Client.GetAsync("/api/v1/github/repos?page=3&per_page=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("me/project-5", Assert.Single(last.GetProperty("items").EnumerateArray()).GetProperty("full_name").GetString());
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Contains(GitHub.Requests, r => r.PathAndQuery.StartsWith("/user/repos", StringComparison.Ordinal) && r.PathAndQuery.Contains("per_page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repos_without_a_stored_token_is_400_saying_how_to_add_one()
    {
        var session = await NewUserAsync();
        var problem = await (await session.Client.GetAsync("/api/v1/github/repos")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("/api/v1/llm/api-keys", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repos_with_a_rejected_token_is_a_problem_not_a_crash()
    {
        var session = await NewUserAsync();
        await GitHubTestSetup.StoreTokenAsync(session, "ghp_revoked");
        var problem = await (await session.Client.GetAsync("/api/v1/github/repos")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repos_when_GitHub_is_unreachable_is_502_like_analyze()
    {
        var session = await NewUserAsync();
        await GitHubTestSetup.StoreTokenAsync(session, FakeGitHub.UnreachableToken);
        var problem = await (await session.Client.GetAsync("/api/v1/github/repos")).ExpectProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("could not be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repos_paging_parameters_are_validated()
    {
        var session = await NewUserAsync();
        var problem = await (await session.Client.GetAsync("/api/v1/github/repos?page=0&per_page=500")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("per_page", out _));
    }

    [Fact]
    public async Task GitHub_endpoints_need_a_signed_in_user()
    {
        var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/github/analyze", new { repo_url = "owner/repo" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/github/repos")).StatusCode);
    }
}

[Collection("GitHub on SQLite")]
public sealed class GitHubApiOnSqlite(SqliteApp<GitHubTestSetup> app) : GitHubApiTests(app);

[Collection("GitHub on PostgreSQL")]
public sealed class GitHubApiOnPostgres(PostgresApp<GitHubTestSetup> app) : GitHubApiTests(app);
