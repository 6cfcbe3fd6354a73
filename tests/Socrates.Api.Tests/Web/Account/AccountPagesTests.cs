using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Account;

/// <summary>Sign up, sign out and sign in through the forms, in Chromium.</summary>
public abstract partial class AccountPagesTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Sign_up_lands_on_the_projects_page_and_sign_out_and_in_again_works()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.GoAsync("/account/sign-up");
        await web.CheckAsync("sign-up");

        var (email, password) = await web.SignUpAsync("Ada Lovelace");
        await Assertions.Expect(web.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToContainTextAsync("Projects");
        await Assertions.Expect(web.Page.Locator("header")).ToContainTextAsync("Ada Lovelace");

        await web.Button("Sign out").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/$"));
        await web.GoAsync("/projects");
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/account/sign-in\\?ReturnUrl=%2Fprojects$"));
        await web.CheckAsync("sign-in");

        await web.Field("Email").FillAsync(email);
        await web.Field("Password").FillAsync(password);
        await web.Button("Sign in").ClickAsync();
        await Assertions.Expect(web.Page).ToHaveURLAsync(new Regex("/projects$"));
    }

    [Fact]
    public async Task A_wrong_password_and_a_short_new_password_are_explained_next_to_the_form_and_the_field()
    {
        await using var web = await WebPage.OpenAsync(App);
        var (email, _) = await web.SignUpAsync();
        await web.Button("Sign out").ClickAsync();

        await web.GoAsync("/account/sign-in");
        await web.Field("Email").FillAsync(email);
        await web.Field("Password").FillAsync("not the password");
        await web.Button("Sign in").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#form-error")).ToHaveTextAsync("Email or password is incorrect.");
        await web.CheckAsync("sign-in-wrong-password");

        await web.GoAsync("/account/sign-up");
        await web.Field("Name").FillAsync("Bob");
        await web.Field("Email").FillAsync(email);
        await web.Field("Password").FillAsync("short");
        await web.Button("Create account").ClickAsync();
        var password = web.Field("Password");
        await Assertions.Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(web.Page.Locator("#password-error")).ToContainTextAsync("at least 8 characters");
        Assert.Contains("password-error", await password.GetAttributeAsync("aria-describedby"), StringComparison.Ordinal);

        await web.Field("Password").FillAsync("a long enough password");
        await web.Button("Create account").ClickAsync();
        await Assertions.Expect(web.Page.Locator("#email-error")).ToContainTextAsync("already exists");
        await web.CheckAsync("sign-up-email-taken");
    }

    [Fact]
    public async Task The_browser_session_cookie_does_not_open_the_json_api()
    {
        await using var web = await WebPage.OpenAsync(App);
        await web.SignUpAsync();

        var response = await web.Page.APIRequest.GetAsync(new Uri(web.Root, "/api/v1/projects").ToString());

        Assert.Equal((int)HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task Pages_get_a_content_policy_that_loads_only_this_sites_scripts_and_styles()
    {
        var response = await App.CreateClient().GetAsync("/account/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(", ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        var client = App.CreateClient();
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.Email"] = "someone@example.com",
            ["Input.Password"] = "whatever password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([]))).StatusCode);
    }
}

public sealed class AccountPagesOnSqlite(SqliteApp<BrowserSetup> app) : AccountPagesTests(app), IClassFixture<SqliteApp<BrowserSetup>>;

public sealed class AccountPagesOnPostgres(PostgresApp<BrowserSetup> app) : AccountPagesTests(app), IClassFixture<PostgresApp<BrowserSetup>>;
