using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Keys;

/// <summary>Adding, listing and deleting provider keys and the GitHub token in the browser.</summary>
public abstract class KeysPageTests(SocratesApp app) : ApiTest(app)
{
    private const string OpenAiKey = "sk-proj-abcdefghijklmnopqrstuvwxyz1234";
    private const string GitHubToken = "ghp_0123456789abcdefghijklmnopqrstuvWXYZ";

    [Fact]
    public async Task An_added_key_is_shown_once_then_only_masked_and_can_be_deleted_after_confirming()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.GoAsync("/keys");
        await Assertions.Expect(web.Page.Locator("#no-keys")).ToBeVisibleAsync();
        await web.CheckAsync("keys-empty");

        await web.Field("Provider").SelectOptionAsync("openai");
        await web.Field("Label").FillAsync("work account");
        await web.Field("Key").FillAsync(OpenAiKey);
        await web.Button("Add key").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#new-key")).ToHaveTextAsync(OpenAiKey);
        await web.CheckAsync("keys-added");

        await web.Field("Provider").SelectOptionAsync("github");
        await web.Field("Key").FillAsync(GitHubToken);
        await web.Button("Add key").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#new-key")).ToHaveTextAsync(GitHubToken);

        await web.GoAsync("/keys");
        var openAi = web.Page.Locator("#key-openai");
        await Assertions.Expect(openAi).ToContainTextAsync("work account");
        await Assertions.Expect(openAi).ToContainTextAsync("sk-proj-…1234");
        await Assertions.Expect(openAi).ToContainTextAsync("Yes");
        await Assertions.Expect(web.Page.Locator("#key-github")).ToContainTextAsync("ghp_…WXYZ");
        var page = await web.Page.ContentAsync();
        Assert.DoesNotContain(OpenAiKey, page, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubToken, page, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", page, StringComparison.Ordinal);
        await web.CheckAsync("keys");

        await web.Page.GetByRole(AriaRole.Link, new() { Name = "Delete the OpenAI key", Exact = true }).ClickAsync();
        await Assertions.Expect(web.Page.Locator("#confirm-text")).ToHaveTextAsync("Delete the OpenAI key?");
        await web.CheckAsync("keys-confirm-delete");
        await web.Button("Delete key").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#deleted-notice")).ToBeVisibleAsync();
        await Assertions.Expect(web.Page.Locator("#key-openai")).ToHaveCountAsync(0);
        await Assertions.Expect(web.Page.Locator("#key-github")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_key_the_api_would_refuse_is_explained_next_to_the_key_field()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();
        await web.GoAsync("/keys");

        await web.Field("Key").FillAsync("sk-with-a-non-ascii-é-character");
        await web.Button("Add key").ClickAsync();

        var key = web.Field("Key");
        await Assertions.Expect(key).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(web.Page.Locator("#api_key-error")).ToContainTextAsync("printable ASCII");
        Assert.Contains("api_key-error", await key.GetAttributeAsync("aria-describedby"), StringComparison.Ordinal);
        await Assertions.Expect(web.Page.Locator("#new-key")).ToHaveCountAsync(0);
        await web.CheckAsync("keys-invalid");
    }
}

public sealed class KeysPageOnSqlite(SqliteApp<BrowserSetup> app) : KeysPageTests(app), IClassFixture<SqliteApp<BrowserSetup>>;

public sealed class KeysPageOnPostgres(PostgresApp<BrowserSetup> app) : KeysPageTests(app), IClassFixture<PostgresApp<BrowserSetup>>;
