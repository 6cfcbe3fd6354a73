using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Projects;

/// <summary>A project from a repository on the fake GitHub, its import's stages shown live on its own page.</summary>
public abstract partial class ImportFromGitHubTests(SocratesApp app) : ApiTest(app)
{
    private const string RepositoryField = "Repository (owner/repo or its URL)";

    private GitHub.GitHubTestSetup GitHub => App.Setup<GitHubBrowserSetup>().GitHub;

    [Fact]
    public async Task A_repository_is_imported_with_each_stage_shown_as_it_happens_then_its_project_opened()
    {
        // The fake model takes 8 s to read this README: long enough to see that stage, then the end, on one page load.
        var repo = GitHub.Publish(new()
        {
            ["README.md"] = $"# Tea shop\n\nSells tea online.\n\nid={Guid.NewGuid():N} scenario=github-specs think=8000\n",
            ["package.json"] = """{ "name": "shop", "dependencies": { "express": "^4.19.0" } }""",
            ["src/server.ts"] = "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
        });
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.Field(RepositoryField).FillAsync(repo.FullName);
        await web.Field("Project name (optional: the repository's otherwise)").FillAsync("Tea from GitHub");
        await web.Page.Locator("#repo-llm").CheckAsync();
        await web.Button("Import repository").ClickAsync();

        await Assertions.Expect(web.Page).ToHaveURLAsync(ImportPage());
        await Assertions.Expect(web.Page.Locator("#import-status")).ToHaveTextAsync("The model is reading the README…");
        await Assertions.Expect(web.Page.Locator("#import-progress")).ToHaveAttributeAsync("value", "2");
        await web.CheckAsync("project-import-progress");

        await Assertions.Expect(web.Page.Locator("#import-status")).ToContainTextAsync("Done:", new() { Timeout = 20_000 });
        await Assertions.Expect(web.Page.Locator("#import-progress")).ToHaveAttributeAsync("value", "4");
        await web.CheckAsync("project-import-done");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Open the project" }).ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tea from GitHub");
        var specifications = web.Page.Locator("section[aria-labelledby=specs-heading]");
        await Assertions.Expect(specifications).ToContainTextAsync("GitHub import");
        await Assertions.Expect(specifications).ToContainTextAsync("model's suggestion");
    }

    [Fact]
    public async Task A_refused_address_is_explained_beside_its_field_and_a_missing_repository_on_the_import_page_only_its_owner_sees()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.Field(RepositoryField).FillAsync("git@github.com:tea/shop.git");
        await web.Button("Import repository").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#repo_url-error")).ToContainTextAsync("SSH");
        await Assertions.Expect(web.Field(RepositoryField)).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/projects$"));
        await web.CheckAsync("projects-github-problem");

        await web.Field(RepositoryField).FillAsync($"nobody-{Guid.NewGuid():N}"[..20] + "/nothing");
        await web.Button("Import repository").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(ImportPage());
        await Assertions.Expect(web.Page.Locator("#form-error")).ToContainTextAsync("was not found");
        await Assertions.Expect(web.Page.Locator("#import-status")).ToHaveTextAsync("The import stopped; nothing was saved.");
        await web.CheckAsync("project-import-failed");

        await using var other = await WebPage.OpenAsync(App);
        await other.SignUpAsync();
        Assert.Equal(404, (await other.GoAsync(new Uri(web.Page.Url).AbsolutePath))!.Status);
    }

    [GeneratedRegex("/projects/imports/[0-9a-f-]{36}$")]
    private static partial Regex ImportPage();
}

public sealed class ImportFromGitHubOnSqlite(SqliteApp<GitHubBrowserSetup> app) : ImportFromGitHubTests(app), IClassFixture<SqliteApp<GitHubBrowserSetup>>;

public sealed class ImportFromGitHubOnPostgres(PostgresApp<GitHubBrowserSetup> app) : ImportFromGitHubTests(app), IClassFixture<PostgresApp<GitHubBrowserSetup>>;
