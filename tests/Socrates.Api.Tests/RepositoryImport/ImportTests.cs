using System.Net;
using System.Text.Json;
using Socrates.Api.Tests.GitHub;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.RepositoryImport;

/// <summary>POST /api/v1/github/import without use_llm, from repositories on the fake GitHub.</summary>
public abstract class ImportTests(SocratesApp app) : ApiTest(app)
{
    private GitHubTestSetup Setup => App.Setup<GitHubTestSetup>();

    private void AssertWorkFolderEmpty() =>
        Assert.Empty(Directory.EnumerateFileSystemEntries(Setup.WorkDirectory));

    [Fact]
    public async Task Import_creates_the_project_its_specifications_and_the_readme_document()
    {
        var repo = Setup.Publish(SampleRepositories.WebApp);
        var session = await NewUserAsync();

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = $"{repo.FullName}", project_name = "Tea shop" }))
            .ExpectAsync(HttpStatusCode.Created);
        var projectId = imported.GetProperty("project_id").GetGuid();

        var project = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Tea shop", project.GetProperty("name").GetString());
        Assert.Equal("A small shop for selling tea online. It has a cart.", project.GetProperty("description").GetString());

        var specs = (await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/specifications")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(imported.GetProperty("specs_extracted").GetInt32(), specs.Count);
        Assert.Equal(JsonValueKind.Null, imported.GetProperty("llm_specs_extracted").ValueKind);
        Assert.Equal(0, imported.GetProperty("warnings").GetArrayLength());
        Assert.All(specs, s => Assert.Equal("github_import", s.GetProperty("source").GetString()));
        string Value(string category, string key) =>
            specs.Single(s => s.GetProperty("category").GetString() == category && s.GetProperty("key").GetString() == key).GetProperty("value").GetString()!;
        Assert.Equal(repo.Sha, Value("source", "commit_sha"));
        Assert.Equal("TypeScript", Value("tech_stack", "primary_language"));
        Assert.StartsWith("React", Value("tech_stack", "framework.react"), StringComparison.Ordinal);
        Assert.Contains("GitHub Actions", Value("deployment", "ci"), StringComparison.Ordinal);
        Assert.StartsWith("MIT", Value("legal", "licence"), StringComparison.Ordinal);
        Assert.Contains("Jest", Value("testing", "automated_tests"), StringComparison.Ordinal);
        Assert.All(specs, s => Assert.InRange(s.GetProperty("confidence").GetDouble(), 0.1, 1.0));

        var documents = (await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/documents")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToList();
        var readme = Assert.Single(documents);
        Assert.Equal("github_import", readme.GetProperty("source").GetString());
        var document = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/documents/{readme.GetProperty("id").GetGuid()}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(SampleRepositories.WebApp["README.md"], document.GetProperty("content").GetString());
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task A_readme_with_a_nul_character_still_imports_on_every_database()
    {
        var files = SampleRepositories.WebApp;
        files["README.md"] = "# Odd\n\nBefore\0after.\n";
        var repo = Setup.Publish(files);
        var session = await NewUserAsync();

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName }))
            .ExpectAsync(HttpStatusCode.Created);

        var documentId = imported.GetProperty("readme_document_id").GetGuid();
        var document = await (await session.Client.GetAsync($"/api/v1/projects/{imported.GetProperty("project_id").GetGuid()}/documents/{documentId}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("# Odd\n\nBeforeafter.\n", document.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_failed_import_leaves_no_project()
    {
        var tooBig = HostileTarball.Build(w =>
        {
            for (var i = 0; i < 4; i++)
            {
                HostileTarball.File(w, $"evil-repo-0123456/blob{i}.bin", new byte[GitHubTestSetup.MaxUnpackedBytes / 3]);
            }
        });
        var repo = Setup.GitHub.Add(new FakeRepository("big-" + Guid.NewGuid().ToString("N")[..8], "huge", HostileTarball.Sha, tooBig));
        var session = await NewUserAsync();

        await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName }))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var projects = await (await session.Client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, projects.GetProperty("total_count").GetInt32());
        AssertWorkFolderEmpty();
    }

    [Fact]
    public async Task Missing_repo_url_is_a_validation_problem_naming_the_field()
    {
        var session = await NewUserAsync();
        var problem = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { project_name = "x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("repo_url", out _));
    }
}

// In the GitHub tests' collections: those check the shared work folder is empty after each fetch.
[Collection("GitHub on SQLite")]
public sealed class ImportOnSqlite(SqliteApp<GitHubTestSetup> app) : ImportTests(app);

[Collection("GitHub on PostgreSQL")]
public sealed class ImportOnPostgres(PostgresApp<GitHubTestSetup> app) : ImportTests(app);
