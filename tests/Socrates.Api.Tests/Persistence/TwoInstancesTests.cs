using System.Diagnostics;
using System.Net;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Persistence;

/// <summary>
/// Two servers on one PostgreSQL database, as two instances behind a load balancer. Each keeps what a chat reads in
/// memory for 30 s (Llm:Calls:LookupCacheLifetime); a change made through one must apply on the other within a second.
/// SQLite is one process, so there is no second instance to tell.
/// </summary>
public abstract class TwoInstancesTests(SocratesApp app) : LlmTestBase(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Through <paramref name="first"/> (a user's client on one server), changes that must stop the chats a client of
    /// the same user on <paramref name="second"/> makes. Both servers call OpenAI with the user's own key only.
    /// </summary>
    protected static async Task ChangesThroughOneApplyOnTheOtherWithinASecondAsync(HttpClient first, HttpClient second)
    {
        var key = (await (await first.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "openai", api_key = "sk-user-key-0123456789" }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var projectId = await ProjectUsingAsync(first, "openai", "gpt-5-mini");
        Task<HttpStatusCode> ChatOnSecond() => StatusOf(second.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat("hello")));

        // The second instance has read the project, the budgets and the key, and keeps them.
        Assert.Equal(HttpStatusCode.OK, await ChatOnSecond());

        await (await first.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0 })).ExpectAsync(HttpStatusCode.OK);
        await AssertWithinAsync(ChatOnSecond, HttpStatusCode.PaymentRequired);

        await (await first.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 100 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, await ChatOnSecond());
        Assert.Equal(HttpStatusCode.NoContent, await StatusOf(first.DeleteAsync($"/api/v1/llm/api-keys/{key}")));
        await AssertWithinAsync(ChatOnSecond, HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.NoContent, await StatusOf(first.DeleteAsync($"/api/v1/projects/{projectId}")));
        await AssertWithinAsync(ChatOnSecond, HttpStatusCode.NotFound);
    }

    private static async Task<HttpStatusCode> StatusOf(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.StatusCode;
    }

    private static async Task AssertWithinAsync(Func<Task<HttpStatusCode>> call, HttpStatusCode expected)
    {
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        while ((status = await call()) != expected && Stopwatch.GetElapsedTime(started) < 2 * Within)
        {
            await Task.Delay(25);
        }

        var took = Stopwatch.GetElapsedTime(started);
        Assert.Equal(expected, status);
        Assert.True(took < Within, $"The other instance answered {expected} only after {took.TotalMilliseconds:0} ms.");
    }
}

/// <summary>Both servers in this process (WebApplicationFactory), the second started on the first one's databases.</summary>
public sealed class TwoInstancesOnPostgres(PostgresApp<KeylessSetup> app) : TwoInstancesTests(app), IClassFixture<PostgresApp<KeylessSetup>>
{
    [Fact]
    public async Task A_deleted_key_a_used_up_budget_and_a_deleted_project_apply_on_the_other_instance_within_a_second()
    {
        var first = (PostgresApp)App;
        await using var second = new PostgresApp<KeylessSetup>();
        second.Set("ConnectionStrings:Auth", PostgresApp.WithDatabase(first.AuthDatabase))
            .Set("ConnectionStrings:Specs", PostgresApp.WithDatabase(first.SpecsDatabase));
        await second.InitializeAsync();

        var user = await NewUserAsync();
        var other = second.CreateClient();
        other.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;
        await ChangesThroughOneApplyOnTheOtherWithinASecondAsync(user.Client, other);
    }
}
