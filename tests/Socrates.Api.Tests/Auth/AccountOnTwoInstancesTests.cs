using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Auth;

/// <summary>
/// Two servers on one PostgreSQL database. Each keeps users' security stamps in memory; the clock here stands still,
/// so no entry ever expires, and only the other instance's notification can make a changed password or a deleted
/// account refuse the old token, which it must within a second. SQLite is one process: nothing to tell.
/// </summary>
public sealed class AccountOnTwoInstancesTests(PostgresApp<SignInLimitsSetup> app) : ApiTest(app), IClassFixture<PostgresApp<SignInLimitsSetup>>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_new_password_and_a_deleted_account_refuse_old_tokens_on_the_other_instance_within_a_second()
    {
        var first = (PostgresApp)App;
        await using var second = new PostgresApp<SignInLimitsSetup>();
        second.Set("ConnectionStrings:Auth", PostgresApp.WithDatabase(first.AuthDatabase))
            .Set("ConnectionStrings:Specs", PostgresApp.WithDatabase(first.SpecsDatabase));
        await second.InitializeAsync();

        var user = await NewUserAsync();
        var before = On(second, user.Client.DefaultRequestHeaders.Authorization!);
        await (await before.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);

        var changed = await (await user.Client.PostJsonAsync("/api/v1/auth/password", new { current_password = user.Password, new_password = "a brand new password" }))
            .ExpectAsync(HttpStatusCode.OK);
        await RefusedWithinAsync(before);
        var after = On(second, new AuthenticationHeaderValue("Bearer", changed.GetProperty("access_token").GetString()));
        await (await after.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/me") { Content = System.Net.Http.Json.JsonContent.Create(new { password = "a brand new password" }) };
        delete.Headers.Authorization = after.DefaultRequestHeaders.Authorization;
        await (await App.CreateClient().SendAsync(delete)).ExpectAsync(HttpStatusCode.OK);
        await RefusedWithinAsync(after);
    }

    private static HttpClient On(SocratesApp instance, AuthenticationHeaderValue bearer)
    {
        var client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = bearer;
        return client;
    }

    private static async Task RefusedWithinAsync(HttpClient client)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await client.GetAsync("/api/v1/auth/me");
            var took = Stopwatch.GetElapsedTime(started);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Assert.True(took < Within, $"The other instance refused the token only after {took.TotalMilliseconds:0} ms.");
                return;
            }

            Assert.True(took < 2 * Within, $"The other instance still accepted the token after {took.TotalMilliseconds:0} ms.");
            await Task.Delay(25);
        }
    }
}
