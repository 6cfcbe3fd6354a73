using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Workspace;

/// <summary>The Socratic loop in Chromium, against the fake providers ("socratic" scenario, see FakeScenarios).</summary>
public abstract partial class WorkspacePagesTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Sign_up_create_from_a_template_answer_through_the_model_see_its_reply_stream_in_accept_a_proposal_and_maturity_rises()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.CheckAsync("projects-empty");

        // The fakes answer as the workspace asks when the project's description says so.
        await web.Field("Template").SelectOptionAsync("web-application");
        await web.Page.Locator("#template-name").FillAsync("Team todos");
        await web.Page.Locator("#template-description").FillAsync($"A todo app for small teams. scenario=socratic id={Guid.NewGuid():N}");
        await web.Button("Create from template").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(ProjectPage());
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Team todos");
        var before = int.Parse(await web.Page.Locator("#maturity-score").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        await web.CheckAsync("workspace");

        await web.Button("Ask me the next question").ClickAsync();
        await Assertions.Expect(web.Page.Locator("legend")).ToContainTextAsync("?");
        await web.CheckAsync("workspace-question");

        await web.Button("Send answer").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#text-error")).ToBeVisibleAsync();

        // Every text the streamed reply shows on its way, as the browser draws it.
        await web.Page.EvaluateAsync("""
            () => {
              window.streamedTexts = [];
              new MutationObserver(() => {
                const reply = document.getElementById('streamed-reply');
                if (reply && window.streamedTexts.at(-1) !== reply.textContent) window.streamedTexts.push(reply.textContent);
              }).observe(document.body, { subtree: true, childList: true, characterData: true });
            }
            """);
        await web.Field("Your answer in your own words").FillAsync("Small teams, and they all use the browser.");
        await web.Button("Send answer").ClickAsync();
        var accept = web.Page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).First;
        await Assertions.Expect(accept).ToBeVisibleAsync();
        await Assertions.Expect(web.Page.Locator(".message.assistant").Last).ToContainTextAsync("How will people sign in?");
        var streamed = await web.Page.EvaluateAsync<string[]>("() => window.streamedTexts");
        // The stored reply (above) is the whole text; while it streamed the page showed a part of it, growing.
        const string reply = "Thanks \u2014 a web app for small \"teams\" it is.\nHow will people sign in?";
        Assert.Contains(streamed, t => t.Length > 0 && t.Length < reply.Length && reply.StartsWith(t, StringComparison.Ordinal));
        Assert.All(streamed.Zip(streamed.Skip(1)), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        await web.CheckAsync("workspace-proposals");

        await accept.ClickAsync();
        await Assertions.Expect(web.Page.Locator("#maturity-score")).Not.ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var after = int.Parse(await web.Page.Locator("#maturity-score").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(after > before, $"Maturity went from {before} to {after}.");
        Assert.Equal(after.ToString(System.Globalization.CultureInfo.InvariantCulture), await web.Page.Locator("#maturity").GetAttributeAsync("value"));
    }

    [Fact]
    public async Task The_pdf_export_downloads_a_pdf_file()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.Page.Locator("#blank-name").FillAsync("Exported plans");
        await web.Button("Create project").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(ProjectPage());

        var download = await web.Page.RunAndWaitForDownloadAsync(() => web.Page.GetByRole(AriaRole.Link, new() { Name = "PDF" }).ClickAsync());

        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var head = new byte[5];
        await using (var file = File.OpenRead(path))
        {
            await file.ReadExactlyAsync(head);
        }

        Assert.Equal("%PDF-"u8.ToArray(), head);
    }

    [Fact]
    public async Task Another_user_gets_the_not_found_page_for_the_project_its_deletion_and_its_exports()
    {
        await using var owner = await WebPage.OpenAsync(App);
        await owner.SignUpAsync();
        await owner.Page.Locator("#blank-name").FillAsync("Private plans");
        await owner.Button("Create project").ClickAsync();
        await Assertions.Expect(owner.Page).ToHaveURLAsync(ProjectPage());
        var path = new Uri(owner.Page.Url).AbsolutePath;

        await using var intruder = await WebPage.OpenAsync(App);
        await intruder.SignUpAsync("Mallory");
        var response = await intruder.GoAsync(path);

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(intruder.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        Assert.DoesNotContain("Private plans", await intruder.Page.ContentAsync(), StringComparison.Ordinal);
        await intruder.CheckAsync("not-found");
        Assert.Equal(404, (await intruder.GoAsync(path + "/delete"))!.Status);
        Assert.Equal(404, (await intruder.Page.APIRequest.GetAsync(new Uri(intruder.Root, path + "/export/markdown").ToString())).Status);
    }

    [Fact]
    public async Task Projects_are_listed_newest_first_found_by_name_renamed_and_deleted_after_confirmation()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        foreach (var name in new[] { "Alpha garden", "Beta kitchen", "Gamma garden" })
        {
            await web.GoAsync("/projects");
            await web.Page.Locator("#blank-name").FillAsync(name);
            await web.Button("Create project").ClickAsync();

            // The new project's own page, by what it shows: a form post answered by Blazor's enhanced navigation
            // changes the address without a load event, which a wait for the URL may keep waiting for.
            await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
            await Assertions.Expect(web.Page).ToHaveURLAsync(ProjectPage());
        }

        await web.GoAsync("/projects");
        Assert.Equal(["Gamma garden", "Beta kitchen", "Alpha garden"], await web.Page.Locator("tbody tr td:first-child").AllTextContentsAsync());
        await web.CheckAsync("projects");

        await web.Field("Search by name").FillAsync("GARDEN");
        await web.Button("Search").ClickAsync();
        await Assertions.Expect(web.Page.Locator("tbody tr")).ToHaveCountAsync(2);
        await web.GoAsync("/projects");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Beta kitchen", Exact = true }).ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Beta kitchen");
        await web.Field("Name").FillAsync("   ");
        await web.Button("Rename").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#name-error")).ToContainTextAsync("'name'");
        await web.Field("Name").FillAsync("Beta pantry");
        await web.Button("Rename").ClickAsync();
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Beta pantry");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Delete project" }).ClickAsync();
        await web.CheckAsync("delete-project");
        await web.Button("Delete for good").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/projects$"));
        // The address can change before the list has rendered: wait for the rows themselves.
        await Assertions.Expect(web.Page.Locator("tbody tr td:first-child")).ToHaveTextAsync(["Gamma garden", "Alpha garden"]);
    }

    [GeneratedRegex("/projects/[0-9a-f-]{36}$")]
    private static partial Regex ProjectPage();
}

public sealed class WorkspacePagesOnSqlite(SqliteApp<BrowserSetup> app) : WorkspacePagesTests(app), IClassFixture<SqliteApp<BrowserSetup>>;

public sealed class WorkspacePagesOnPostgres(PostgresApp<BrowserSetup> app) : WorkspacePagesTests(app), IClassFixture<PostgresApp<BrowserSetup>>;
