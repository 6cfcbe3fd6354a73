using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using static Socrates.Api.Tests.Auth.SignInLimitsSetup;

namespace Socrates.Api.Tests.Auth;

/// <summary>
/// <see cref="SignInLimitsSetup.MaxFailedLogins"/> wrong passwords in a row lock an account for
/// <see cref="SignInLimitsSetup.Lockout"/>: every password is refused with 429 until then, the lock is stored with the
/// user (so every instance keeps it), and a success after it ends starts the count again.
/// </summary>
public abstract class LockoutTests : ApiTest
{
    private const string Password = "a long enough password";

    protected LockoutTests(SocratesApp app)
        : base(app) =>
        // Each test starts at the real time: tokens issued by the moved clock must still be valid under the bearer's.
        Clock.Now = DateTimeOffset.UtcNow;

    private ManualClock Clock => App.Setup<SignInLimitsSetup>().Clock;

    [Fact]
    public async Task Wrong_passwords_in_a_row_lock_the_account_and_even_the_right_one_is_refused_until_it_ends()
    {
        var (email, userId) = await RegisterAsync();
        for (var i = 1; i < MaxFailedLogins; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login(email, "not the password")).StatusCode);
        }

        var locking = await ExpectLockedAsync(await Login(email, "not the password"));
        Assert.InRange(locking, Lockout - TimeSpan.FromSeconds(1), Lockout);
        var (failures, lockedUntil) = await StoredAsync(userId);
        Assert.Equal(Clock.Now.UtcDateTime + Lockout, lockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, failures);

        Clock.Now += Lockout - TimeSpan.FromSeconds(5);
        var remaining = await ExpectLockedAsync(await Login(email, Password));
        Assert.InRange(remaining, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

        Clock.Now += TimeSpan.FromSeconds(6);
        await (await Login(email, Password)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((0, (DateTime?)null), await StoredAsync(userId));

        // The count started again: one wrong password is just wrong.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(email, "not the password")).StatusCode);
        await (await Login(email, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_success_before_the_limit_starts_the_count_again()
    {
        var (email, _) = await RegisterAsync();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 1; i < MaxFailedLogins; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await Login(email, "not the password")).StatusCode);
            }

            await (await Login(email, Password)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_lock_made_through_one_instance_holds_on_another()
    {
        var (email, _) = await RegisterAsync();
        await using var other = App.Provider == DatabaseProvider.Postgres ? new PostgresApp<SignInLimitsSetup>() : (SocratesApp)new SqliteApp<SignInLimitsSetup>();
        other.Set("ConnectionStrings:Auth", App.Setting("ConnectionStrings:Auth")).Set("ConnectionStrings:Specs", App.Setting("ConnectionStrings:Specs"));
        await other.InitializeAsync();

        for (var i = 0; i < MaxFailedLogins; i++)
        {
            await Login(email, "not the password");
        }

        var refused = await PostFromAsync(other, NewAddress(), "/api/v1/auth/login", new { email, password = Password });
        await ExpectLockedAsync(refused);
    }

    [Fact]
    public async Task Wrong_current_passwords_count_towards_the_lockout_and_a_locked_account_cannot_change_or_delete()
    {
        var (email, _) = await RegisterAsync();
        var token = (await (await Login(email, Password)).ExpectAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString();
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        for (var i = 1; i < MaxFailedLogins; i++)
        {
            await (await client.PostJsonAsync("/api/v1/auth/password", new { current_password = "not the password", new_password = "a new password" }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest);
        }

        await ExpectLockedAsync(await client.PostJsonAsync("/api/v1/auth/password", new { current_password = "not the password", new_password = "a new password" }));
        await ExpectLockedAsync(await client.PostJsonAsync("/api/v1/auth/password", new { current_password = Password, new_password = "a new password" }));
        await ExpectLockedAsync(await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/me") { Content = System.Net.Http.Json.JsonContent.Create(new { password = Password }) }));
        await ExpectLockedAsync(await Login(email, Password));

        // Nothing changed while it was locked: the old password and the old token still work once it ends.
        Clock.Now += Lockout + TimeSpan.FromSeconds(1);
        await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        await (await Login(email, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<(string Email, Guid Id)> RegisterAsync()
    {
        var email = $"lockout-{Guid.NewGuid():N}@example.com";
        var user = await (await PostFromAsync(App, NewAddress(), "/api/v1/auth/register", new { email, password = Password, name = "Ada" }))
            .ExpectAsync(HttpStatusCode.Created);
        return (email, user.GetProperty("id").GetGuid());
    }

    private Task<HttpResponseMessage> Login(string email, string password) =>
        PostFromAsync(App, NewAddress(), "/api/v1/auth/login", new { email, password });

    private async Task<(int Failures, DateTime? LockedUntil)> StoredAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AuthDb>().Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        return (user.FailedLogins, user.LockedUntil);
    }

    private static async Task<TimeSpan> ExpectLockedAsync(HttpResponseMessage response)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("locked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return response.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("A locked account's answer must carry Retry-After.");
    }
}

public sealed class LockoutOnSqlite(SqliteApp<SignInLimitsSetup> app) : LockoutTests(app), IClassFixture<SqliteApp<SignInLimitsSetup>>;

public sealed class LockoutOnPostgres(PostgresApp<SignInLimitsSetup> app) : LockoutTests(app), IClassFixture<PostgresApp<SignInLimitsSetup>>;
