using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Socrates.Api.Auth;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Auth;

public abstract class AuthTests(SocratesApp app) : ApiTest(app)
{
    private static string NewEmail() => $"ada-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Register_login_and_me_round_trip()
    {
        var client = App.CreateClient();
        var email = NewEmail();

        var user = await (await client.PostJsonAsync("/api/v1/auth/register", new { email, password = "correct horse battery", name = "Ada" }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Ada", user.GetProperty("name").GetString());
        Assert.False(user.TryGetProperty("password_hash", out _));

        var token = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = email.ToUpperInvariant(), password = "correct horse battery" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var me = await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(user.GetProperty("id").GetGuid(), me.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401()
    {
        var session = await NewUserAsync();
        var client = App.CreateClient();

        var wrongPassword = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = session.Email, password = "not the password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var unknownEmail = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = NewEmail(), password = "not the password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), unknownEmail.GetProperty("detail").GetString());
        Assert.Equal(wrongPassword.GetProperty("title").GetString(), unknownEmail.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Duplicate_email_is_a_conflict_whatever_its_case()
    {
        var session = await NewUserAsync();
        var problem = await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register",
                new { email = session.Email.ToUpperInvariant(), password = "another password", name = "Copy" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ada <{0}>")]
    [InlineData("<{0}>")]
    [InlineData("{0}.")]
    [InlineData("{0} (Ada)")]
    [InlineData("\"{0}\"")]
    [InlineData("mailto:{0}")]
    [InlineData("{0}@example.com")]
    public async Task Another_spelling_of_an_existing_address_is_refused_as_not_a_bare_address(string form)
    {
        var session = await NewUserAsync();
        var email = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, session.Email);

        var problem = await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email, password = "another password", name = "Copy" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("bare email address", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  {0}  ")]
    [InlineData("{1}")]
    public async Task The_same_address_trimmed_or_in_another_case_is_a_conflict(string form)
    {
        var session = await NewUserAsync();
        var email = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, session.Email, session.Email.ToUpperInvariant());

        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email, password = "another password", name = "Copy" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email, password = session.Password }))
            .ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("ada@localhost")]
    [InlineData("ada@-x.com")]
    [InlineData("ada@x..com")]
    [InlineData("ada@x_y.com")]
    [InlineData("ada@x.123")]
    [InlineData(".ada@x.com")]
    [InlineData("a..da@x.com")]
    [InlineData("a da@x.com")]
    [InlineData("ada@@x.com")]
    public async Task An_address_without_a_valid_domain_or_local_part_is_400(string email)
    {
        var problem = await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email, password = "a long password", name = "Ada" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task A_Unicode_domain_and_its_ASCII_form_are_one_mailbox()
    {
        var local = $"ada-{Guid.NewGuid():N}";
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email = $"{local}@bücher.de", password = "a long password", name = "Ada" }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email = $"{local}@xn--bcher-kva.de", password = "a long password", name = "Copy" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = $"{local.ToUpperInvariant()}@XN--BCHER-KVA.DE", password = "a long password" }))
            .ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Ada <legacy-{0}@example.com>")]
    [InlineData("legacy-{0}@bücher.de")]
    public async Task An_account_registered_before_addresses_were_checked_still_logs_in_and_keeps_its_address(string form)
    {
        var email = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, Guid.NewGuid().ToString("N"));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            // As registration stored it then: the trimmed text, upper-cased, whatever its form.
            var user = new User { Id = Guid.CreateVersion7(), Email = email, NormalizedEmail = email.ToUpperInvariant(), Name = "Old", PasswordHash = "" };
            user.PasswordHash = scope.ServiceProvider.GetRequiredService<PasswordHashing>().Hash(user, "an old password");
            var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = email.ToLowerInvariant(), password = "an old password" }))
            .ExpectAsync(HttpStatusCode.OK);
        var again = await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email, password = "a new password", name = "New" });
        Assert.True(again.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, $"Got {again.StatusCode}");
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_make_one_account()
    {
        var email = NewEmail();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email, password = "correct horse battery", name = "Racer" })));

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Registration_lists_every_invalid_field()
    {
        var problem = await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "short", name = "" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Me_without_a_token_is_401_problem()
    {
        await (await App.CreateClient().GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("not-a-user-id")]
    [InlineData("")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("0193f000-0000-7000-8000-00000000abcd")]
    public async Task A_validly_signed_token_whose_subject_is_no_user_is_401(string subject)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(subject));
        await (await client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/v1/projects")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/api/v1/projects", new { name = "ghost" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_minted_here_for_a_real_user_is_accepted()
    {
        // The check on the subject above must not refuse the tokens it is meant to let through.
        var session = await App.NewUserAsync();
        Guid stamp;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            stamp = (await scope.ServiceProvider.GetRequiredService<AuthDb>().Users.FindAsync(session.Id))!.SecurityStamp;
        }

        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(session.Id.ToString(), stamp));
        var me = await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(session.Email, me.GetProperty("email").GetString());
    }

    /// <summary>A token signed with the key the test app uses, for the subject given (with a made-up stamp unless given).</summary>
    private static string Mint(string subject, Guid? stamp = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "socrates",
        Audience = "socrates",
        Expires = DateTime.UtcNow.AddMinutes(5),
        Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim(TokenService.StampClaim, (stamp ?? Guid.NewGuid()).ToString("N"))]),
        SigningCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SocratesApp.SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var client = App.CreateClient();
        // A well-formed HS256 token for a real-looking subject, signed with a different secret.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTkzZjAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJpc3MiOiJzb2NyYXRlcyIsImF1ZCI6InNvY3JhdGVzIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW1hZGUtd2l0aC1hbm90aGVyLWtleQ");
        await (await client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class AuthOnSqlite(SqliteApp app) : AuthTests(app);

public sealed class AuthOnPostgres(PostgresApp app) : AuthTests(app);
