using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Projects;

/// <summary>A project's JSON and Markdown exports, downloaded from its page and uploaded again as a new project.</summary>
public abstract partial class ImportFromExportTests(SocratesApp app) : ApiTest(app)
{
    [Theory]
    [InlineData("JSON")]
    [InlineData("Markdown")]
    public async Task A_downloaded_export_uploaded_again_is_a_new_project_with_the_same_specifications(string format)
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.Field("Template").SelectOptionAsync("web-application");
        await web.Page.Locator("#template-name").FillAsync("Round trip");
        await web.Button("Create from template").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Round trip");
        var original = new Uri(web.Page.Url).AbsolutePath;
        await web.WholePageAsync();
        var specifications = await web.Page.Locator("section[aria-labelledby=specs-heading] tbody tr").CountAsync();
        Assert.True(specifications > 0);

        var download = await web.Page.RunAndWaitForDownloadAsync(() => web.Page.GetByRole(AriaRole.Link, new() { Name = format, Exact = true }).ClickAsync());
        var path = await download.PathAsync();

        await web.GoAsync("/projects");
        await web.Field("Export file (JSON or Markdown)").SetInputFilesAsync(new FilePayload
        {
            Name = download.SuggestedFilename,
            MimeType = format == "JSON" ? "application/json" : "text/markdown",
            Buffer = await File.ReadAllBytesAsync(path),
        });
        await web.Button("Import project").ClickAsync();

        await Assertions.Expect(web.Page).ToHaveURLAsync(ProjectPage());
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Round trip");
        Assert.NotEqual(original, new Uri(web.Page.Url).AbsolutePath);
        await web.WholePageAsync();
        Assert.Equal(specifications, await web.Page.Locator("section[aria-labelledby=specs-heading] tbody tr").CountAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_is_explained_next_to_the_file_input()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.Field("Export file (JSON or Markdown)").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.json",
            MimeType = "application/json",
            Buffer = "{\"hello\": \"world\"}"u8.ToArray(),
        });
        await web.Button("Import project").ClickAsync();

        await Assertions.Expect(web.Page.Locator("#file-error")).ToBeVisibleAsync();
        await Assertions.Expect(web.Field("Export file (JSON or Markdown)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/projects$"));
        await web.CheckAsync("projects-import-problem");
    }

    [GeneratedRegex("/projects/[0-9a-f-]{36}$")]
    private static partial Regex ProjectPage();
}

public sealed class ImportFromExportOnSqlite(SqliteApp<BrowserSetup> app) : ImportFromExportTests(app), IClassFixture<SqliteApp<BrowserSetup>>;

public sealed class ImportFromExportOnPostgres(PostgresApp<BrowserSetup> app) : ImportFromExportTests(app), IClassFixture<PostgresApp<BrowserSetup>>;
