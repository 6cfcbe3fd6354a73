using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Workspace;

/// <summary>
/// The workspace's other sections in Chromium: specifications edited in place, knowledge documents, generated files
/// (the fake's "generate" scenario writes src/app.py and README.md) and the project's models.
/// </summary>
public abstract partial class WorkspaceSectionsTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task A_specification_is_edited_in_place_with_its_problems_shown_beside_it_and_deleted()
    {
        await using var web = await NewTemplateProjectAsync("Edited plans");
        var section = web.Page.Locator("section[aria-labelledby=specs-heading]");
        var rows = section.Locator("tbody tr");
        var count = await rows.CountAsync();
        Assert.True(count > 1, $"The template gave {count} specifications.");
        Assert.DoesNotContain(await section.Locator("h3").AllTextContentsAsync(), heading => heading.Contains('_', StringComparison.Ordinal));

        // At phone width a value gets the row's width, not a fifth of it.
        await web.Page.SetViewportSizeAsync(WebPage.PhoneWidth, WebPage.PhoneHeight);
        var value = await rows.First.Locator("td").First.BoundingBoxAsync();
        Assert.True(value!.Width > WebPage.PhoneWidth * 0.7, $"A value is {value.Width} px wide at {WebPage.PhoneWidth} px.");
        await web.Page.SetViewportSizeAsync(WebPage.DesktopWidth, WebPage.DesktopHeight);
        await Assertions.Expect(section.Locator("form")).ToHaveCountAsync(0);

        // At desktop width a column heading and the Edit button are never broken across lines: each is as tall as one
        // line of its text (they were "Confidenc / e" and "Edi / t").
        foreach (var word in new[] { section.Locator("thead th").Nth(2), rows.First.GetByRole(AriaRole.Link, new() { Name = "Edit" }) })
        {
            var lines = await word.EvaluateAsync<double>(
                "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }");
            Assert.True(lines == 1, $"'{await word.TextContentAsync()}' is drawn on {lines} lines at {WebPage.DesktopWidth} px.");
        }

        // Only the row whose Edit was followed has a form; its fields are named after the specification.
        var rowId = await rows.First.GetAttributeAsync("id");
        var row = web.Page.Locator($"#{rowId}");
        var prefix = rowId + "-";
        await row.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(section.Locator("form")).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("form")).ToHaveCountAsync(1);

        await web.Page.Locator($"#{prefix}value").FillAsync("   ");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(web.Page.Locator($"#{prefix}value-error")).ToContainTextAsync("'value'");
        await Assertions.Expect(web.Page.Locator($"#{prefix}value")).ToHaveAttributeAsync("aria-invalid", "true");

        await web.Page.Locator($"#{prefix}value").FillAsync("Only people on the team's list sign in.");
        await web.Page.Locator($"#{prefix}confidence").FillAsync("lots");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(web.Page.Locator($"#{prefix}confidence-error")).ToContainTextAsync("'lots'");
        await Assertions.Expect(web.Page.Locator($"#{prefix}value")).ToHaveValueAsync("Only people on the team's list sign in.");
        await web.CheckAsync("workspace-specification-problem");

        await web.Page.Locator($"#{prefix}confidence").FillAsync("0.35");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(section.Locator("form")).ToHaveCountAsync(0);
        await web.GoAsync(new Uri(web.Page.Url).AbsolutePath);
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("Only people on the team's list sign in.");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("35% · guess");
        await web.CheckAsync("workspace-specifications");

        await row.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(web.Page.Locator($"#{prefix}confidence")).ToHaveValueAsync("0.35");
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Equal(count - 1, await rows.CountAsync());
    }

    [Fact]
    public async Task A_knowledge_document_is_added_shown_as_markdown_without_its_html_or_script_links_and_deleted()
    {
        await using var web = await NewTemplateProjectAsync("Documented plans");
        await web.Button("Add document").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#title-error")).ToContainTextAsync("'title'");
        await Assertions.Expect(web.Field("Title")).ToHaveAttributeAsync("aria-invalid", "true");

        await web.Field("Title").FillAsync("Interview notes");
        await web.Field("Content (Markdown)").FillAsync(
            "# What they said\n\nThey want **offline** use. <script>alert(1)</script>\n\n[a trap](javascript:alert(1)) and [the site](https://example.com/)\n\n![pixel](https://example.com/p.png)");
        await web.Button("Add document").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Interview notes");

        var article = web.Page.Locator("article.markdown");
        await Assertions.Expect(article.Locator("h2")).ToHaveTextAsync("What they said");
        await Assertions.Expect(article.Locator("strong")).ToHaveTextAsync("offline");
        await Assertions.Expect(article.Locator("script")).ToHaveCountAsync(0);
        await Assertions.Expect(article.Locator("img")).ToHaveCountAsync(0);
        await Assertions.Expect(article).ToContainTextAsync("<script>alert(1)</script>");
        Assert.Equal("", await article.GetByRole(AriaRole.Link, new() { Name = "a trap" }).GetAttributeAsync("href"));
        Assert.Equal("https://example.com/", await article.GetByRole(AriaRole.Link, new() { Name = "the site" }).GetAttributeAsync("href"));
        await web.CheckAsync("document");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the project" }).ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Link, new() { Name = "Interview notes" })).ToBeVisibleAsync();
        await web.Button("Delete document Interview notes").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Link, new() { Name = "Interview notes" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Code_is_generated_browsed_shown_in_monospace_and_downloaded_as_a_zip()
    {
        await using var web = await NewTemplateProjectAsync("Coded plans");
        await web.Button("Generate code").ClickAsync();
        var file = web.Page.GetByRole(AriaRole.Link, new() { Name = "src/app.py" });
        await Assertions.Expect(file).ToBeVisibleAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Link, new() { Name = "README.md" })).ToBeVisibleAsync();
        await web.CheckAsync("workspace-files");

        var download = await web.Page.RunAndWaitForDownloadAsync(() => web.Page.GetByRole(AriaRole.Link, new() { Name = "Download all files (zip)" }).ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        var head = new byte[2];
        await using (var zip = File.OpenRead(await download.PathAsync()))
        {
            await zip.ReadExactlyAsync(head);
        }

        Assert.Equal("PK"u8.ToArray(), head);

        await file.ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("src/app.py");
        await Assertions.Expect(web.Page.Locator("pre code")).ToHaveTextAsync("print('hi')\n");
        var font = await web.Page.Locator("pre code").EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
        Assert.Contains("monospace", font, StringComparison.Ordinal);
        await web.CheckAsync("file");

        Assert.Equal(404, (await web.GoAsync(new Uri(web.Page.Url).AbsolutePath.Replace("app.py", "gone.py", StringComparison.Ordinal)))!.Status);
    }

    [Fact]
    public async Task The_projects_model_and_fallbacks_are_chosen_from_the_catalogue_and_a_bad_choice_is_explained()
    {
        await using var web = await NewTemplateProjectAsync("Modelled plans");
        await web.Page.GetByText("Which providers are usable").ClickAsync();
        await Assertions.Expect(web.Page.Locator("section[aria-labelledby=model-heading] tbody tr").First).ToContainTextAsync("Yes");
        await web.CheckAsync("workspace-model");

        var options = await web.Page.Locator("#llm-model option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        Assert.True(options.Length > 2, $"The catalogue offers {options.Length} models.");
        await web.Field("Model").SelectOptionAsync(options[1]);
        await web.Field("Fallback 1").SelectOptionAsync(options[2]);
        await web.Button("Save models").ClickAsync();
        await Assertions.Expect(web.Field("Fallback 2")).ToBeVisibleAsync();
        await web.GoAsync(new Uri(web.Page.Url).AbsolutePath);
        await Assertions.Expect(web.Field("Model")).ToHaveValueAsync(options[1]);
        await Assertions.Expect(web.Field("Fallback 1")).ToHaveValueAsync(options[2]);

        // The same choice twice: the API's own rule, shown next to the fallback that repeats it.
        await web.Field("Fallback 2").SelectOptionAsync(options[2]);
        await web.Button("Save models").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#fallback-1-error")).ToContainTextAsync("already in the list");

        // A model the catalogue does not have, as a stale or forged form would send.
        await web.Page.Locator("#llm-model").EvaluateAsync("s => s.add(new Option('Gone', 'claude/no-such-model', true, true))");
        await web.Button("Save models").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#model-error")).ToContainTextAsync("no-such-model");
    }

    [Fact]
    public async Task An_unknown_page_address_gets_the_not_found_page_and_an_unknown_api_address_a_problem()
    {
        await using var web = await WebPage.OpenAsync(App);
        var page = await web.GoAsync("/nowhere/at-all");
        Assert.Equal(404, page!.Status);
        Assert.StartsWith("text/html", page.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        await web.CheckAsync("not-found-address");

        foreach (var path in new[] { "/api/v1/nowhere", "/v1/nowhere" })
        {
            var api = await web.Page.APIRequest.GetAsync(new Uri(web.Root, path).ToString());
            Assert.Equal(404, api.Status);
            Assert.DoesNotContain("text/html", api.Headers["content-type"], StringComparison.Ordinal);
        }
    }

    private async Task<WebPage> NewTemplateProjectAsync(string name)
    {
        var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.Field("Template").SelectOptionAsync("web-application");
        await web.Page.Locator("#template-name").FillAsync(name);
        await web.Page.Locator("#template-description").FillAsync($"A plan. scenario=generate id={Guid.NewGuid():N}");
        await web.Button("Create from template").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Assertions.Expect(web.Page).ToHaveURLAsync(ProjectPage());
        await web.WholePageAsync();
        return web;
    }

    [GeneratedRegex("/projects/[0-9a-f-]{36}$")]
    private static partial Regex ProjectPage();
}

public sealed class WorkspaceSectionsOnSqlite(SqliteApp<BrowserSetup> app) : WorkspaceSectionsTests(app), IClassFixture<SqliteApp<BrowserSetup>>;

public sealed class WorkspaceSectionsOnPostgres(PostgresApp<BrowserSetup> app) : WorkspaceSectionsTests(app), IClassFixture<PostgresApp<BrowserSetup>>;
