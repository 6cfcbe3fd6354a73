using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

public abstract partial class SecurityHeadersTests(SocratesApp app) : ApiTest(app)
{
    public static TheoryData<string> Urls => ["/health", "/api/v1/projects", "/api/v1/nothing-here", "/openapi/v1.json"];

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task Every_response_forbids_sniffing_referrers_and_loading_anything(string url)
    {
        var client = (await NewUserAsync()).Client;

        var response = await client.GetAsync(url);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_api_reference_page_may_load_only_its_own_bundle()
    {
        var response = await App.CreateClient().GetAsync("/scalar/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        var sources = ScriptSources().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, src => Assert.DoesNotContain("//", src, StringComparison.Ordinal));
        // Web fonts would come from Scalar's servers, which the policy does not allow: the page is told not to use them.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync("/scalar/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task Outside_development_https_responses_carry_hsts()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://socrates.example") });

        var response = await client.GetAsync("/health");

        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public void Kestrel_sends_no_server_header() =>
        Assert.False(App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);

    [Fact]
    public async Task A_rejected_token_is_not_told_why()
    {
        var session = await NewUserAsync();
        var token = session.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        var forged = token[..(token.LastIndexOf('.') + 1)] + "c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ";
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);

        var response = await client.GetAsync("/api/v1/auth/me");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.DoesNotContain("error_description", challenge.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_docs_can_be_switched_off()
    {
        await using var closed = App.Provider == Socrates.Api.Persistence.DatabaseProvider.Postgres ? new PostgresApp() : (SocratesApp)new SqliteApp();
        closed.Set("Api:PublicDocs", "false");
        await closed.InitializeAsync();
        var client = closed.CreateClient();

        await (await client.GetAsync("/openapi/v1.json")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/scalar/")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header.");

    [GeneratedRegex("<script[^>]*\\bsrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSources();
}

public sealed class SecurityHeadersOnSqlite(SqliteApp app) : SecurityHeadersTests(app);

public sealed class SecurityHeadersOnPostgres(PostgresApp app) : SecurityHeadersTests(app);
