using System.Net;
using Socrates.Api.Tests.Infrastructure;
using static Socrates.Api.Tests.Auth.SignInLimitsSetup;

namespace Socrates.Api.Tests.Auth;

/// <summary>
/// Logins and registrations are limited per client address and per account (Auth:Limits), with a 429 problem that
/// says which limit and a Retry-After. The server here allows <see cref="SignInLimitsSetup.PerAddress"/> per address
/// and <see cref="SignInLimitsSetup.PerAccount"/> per account in a 10-minute window.
/// </summary>
public abstract class SignInLimitsTests(SocratesApp app) : ApiTest(app)
{
    private static string NewEmail() => $"limit-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Logins_and_registrations_from_one_address_over_its_limit_get_429_with_Retry_After()
    {
        var address = NewAddress();
        Assert.Equal(HttpStatusCode.Created, (await Register(address, NewEmail())).StatusCode);
        for (var i = 1; i < PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login(address, NewEmail())).StatusCode);
        }

        await ExpectTooManyAsync(await Login(address, NewEmail()), "from your address");
        await ExpectTooManyAsync(await Register(address, NewEmail()), "from your address");

        // Another address has its own window.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(NewAddress(), NewEmail())).StatusCode);
    }

    [Fact]
    public async Task An_IPv6_client_is_counted_by_its_64_block()
    {
        var block = $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}";
        for (var i = 0; i < PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login($"{block}::{i + 1:x}", NewEmail())).StatusCode);
        }

        await ExpectTooManyAsync(await Login($"{block}:ffff:ffff:ffff:fffe", NewEmail()), "from your address");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login($"2001:db8:ffff:{Random.Shared.Next(0x10000):x}::1", NewEmail())).StatusCode);
    }

    [Fact]
    public async Task Attempts_naming_one_account_over_its_limit_get_429_from_any_address_in_any_spelling()
    {
        var email = NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await Register(NewAddress(), email)).StatusCode);
        for (var i = 1; i < PerAccount; i++)
        {
            // Spellings of one canonical address count as one account.
            var spelling = (i % 3) switch { 0 => email, 1 => email.ToUpperInvariant(), _ => $"  {email} " };
            Assert.Equal(HttpStatusCode.OK, (await Login(NewAddress(), spelling, "a long enough password")).StatusCode);
        }

        // Even the right password: this limit is on attempts, so it costs an attacker as much as anyone.
        var address = NewAddress();
        await ExpectTooManyAsync(await Login(address, email, "a long enough password"), "for this account");
        await ExpectTooManyAsync(await Register(NewAddress(), email.ToUpperInvariant()), "for this account");

        // The same address may still try another account.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(address, NewEmail())).StatusCode);
    }

    [Fact]
    public async Task A_request_refused_as_invalid_costs_the_account_nothing()
    {
        var email = NewEmail();
        var overLong = new string('x', 1025);
        for (var i = 0; i < PerAccount + 2; i++)
        {
            await (await Login(NewAddress(), email, overLong)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(NewAddress(), email)).StatusCode);
    }

    private Task<HttpResponseMessage> Register(string address, string email) =>
        PostFromAsync(App, address, "/api/v1/auth/register", new { email, password = "a long enough password", name = "Ada" });

    private Task<HttpResponseMessage> Login(string address, string email, string password = "not the password") =>
        PostFromAsync(App, address, "/api/v1/auth/login", new { email, password });

    private static async Task ExpectTooManyAsync(HttpResponseMessage response, string which)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains(which, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
    }
}

public sealed class SignInLimitsOnSqlite(SqliteApp<SignInLimitsSetup> app) : SignInLimitsTests(app), IClassFixture<SqliteApp<SignInLimitsSetup>>;

public sealed class SignInLimitsOnPostgres(PostgresApp<SignInLimitsSetup> app) : SignInLimitsTests(app), IClassFixture<PostgresApp<SignInLimitsSetup>>;
