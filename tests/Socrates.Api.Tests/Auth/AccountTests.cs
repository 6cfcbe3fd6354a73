using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Keys;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Templates;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Auth;

/// <summary>The signed-in user's account: a new password (POST /auth/password) and deleting it all (DELETE /auth/me).</summary>
public abstract class AccountTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task A_new_password_stops_every_earlier_token_and_comes_with_a_working_one()
    {
        var session = await NewUserAsync();
        var otherDevice = Bearer(await LoginAsync(session.Email, session.Password));

        var answer = await (await session.Client.PostJsonAsync("/api/v1/auth/password", new { current_password = session.Password, new_password = "a brand new password" }))
            .ExpectAsync(HttpStatusCode.OK);
        var fresh = Bearer(answer.GetProperty("access_token").GetString()!);

        await (await session.Client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await otherDevice.GetAsync("/api/v1/projects")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await fresh.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = session.Email, password = session.Password }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await LoginAsync(session.Email, "a brand new password");
    }

    [Fact]
    public async Task A_wrong_current_password_is_400_naming_it_and_changes_nothing()
    {
        var session = await NewUserAsync();

        var problem = await (await session.Client.PostJsonAsync("/api/v1/auth/password", new { current_password = "not my password", new_password = "a brand new password" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("current password", problem.GetProperty("errors").GetProperty("current_password")[0].GetString(), StringComparison.Ordinal);
        await (await session.Client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        await LoginAsync(session.Email, session.Password);
    }

    [Theory]
    [InlineData("short")]
    [InlineData(null)]
    [InlineData("a password that is far too long for the rules a new password follows, the same rules as a registration, which stop at 128 characters")]
    public async Task A_new_password_follows_the_registration_rules(string? newPassword)
    {
        var session = await NewUserAsync();

        var problem = await (await session.Client.PostJsonAsync("/api/v1/auth/password", new { current_password = session.Password, new_password = newPassword }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("new_password", out _));
        await LoginAsync(session.Email, session.Password);
    }

    [Fact]
    public async Task Account_endpoints_need_a_token()
    {
        var client = App.CreateClient();
        await (await client.PostJsonAsync("/api/v1/auth/password", new { current_password = "a long password", new_password = "another long one" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await DeleteMeAsync(client, "a long password")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deleting_the_account_removes_what_it_owned_in_both_databases_and_says_what()
    {
        var session = await NewUserAsync();
        var bystander = await NewUserAsync();
        var bystanderProject = await bystander.Client.CreateProjectAsync();
        var first = await session.Client.CreateProjectAsync("First");
        var second = await session.Client.CreateProjectAsync("Second");
        await (await session.Client.PostJsonAsync($"/api/v1/projects/{first}/specifications", new { category = "goals", key = "k", value = "v" })).ExpectAsync(HttpStatusCode.Created);
        await (await session.Client.PostJsonAsync($"/api/v1/projects/{second}/specifications", new { category = "goals", key = "k", value = "v" })).ExpectAsync(HttpStatusCode.Created);
        await (await session.Client.PostJsonAsync($"/api/v1/projects/{first}/documents", new { title = "t", content = "c" })).ExpectAsync(HttpStatusCode.Created);
        await (await session.Client.PutJsonAsync($"/api/v1/projects/{second}/files", new { path = "a.py", content = "x" })).ExpectAsync(HttpStatusCode.Created);
        await (await session.Client.PostJsonAsync("/api/v1/templates", new { from_project_id = first, name = "Mine" })).ExpectAsync(HttpStatusCode.Created);
        await (await session.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 5 })).ExpectAsync(HttpStatusCode.OK);
        await (await session.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 2, project_id = first })).ExpectAsync(HttpStatusCode.OK);
        await (await session.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "openai", api_key = "sk-test-1234567890" })).ExpectAsync(HttpStatusCode.Created);
        await (await bystander.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "openai", api_key = "sk-test-1234567890" })).ExpectAsync(HttpStatusCode.Created);
        await AddUsageAsync(session.Id, first, calls: 3);
        await AddUsageAsync(bystander.Id, bystanderProject, calls: 1);

        var deleted = await (await DeleteMeAsync(session.Client, session.Password)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(session.Id, deleted.GetProperty("id").GetGuid());
        Assert.Equal(session.Email, deleted.GetProperty("email").GetString());
        var expected = new Dictionary<string, int>
        {
            ["projects"] = 2, ["specifications"] = 2, ["documents"] = 1, ["files"] = 1, ["templates"] = 1,
            ["budgets"] = 2, ["usage_records"] = 3, ["api_keys"] = 1,
        };
        Assert.All(expected, e => Assert.Equal(e.Value, deleted.GetProperty(e.Key).GetInt32()));
        Assert.All(await RowsOfAsync(session.Id, first, second), table => Assert.Equal(0, table.Value));
        var untouched = await RowsOfAsync(bystander.Id, bystanderProject);
        Assert.All(["users", "api_keys", "projects", "usage", "usage_daily", "usage_hourly"], table => Assert.Equal(1, untouched[table]));

        // The token is refused at once, and the address is free for a new account.
        await (await session.Client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = session.Email, password = session.Password }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email = session.Email, password = session.Password, name = "Again" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await bystander.Client.GetAsync($"/api/v1/projects/{bystanderProject}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_or_missing_password_deletes_nothing()
    {
        var session = await NewUserAsync();
        var project = await session.Client.CreateProjectAsync();

        var wrong = await (await DeleteMeAsync(session.Client, "not my password")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("password", out _));
        var missing = await (await DeleteMeAsync(session.Client, null)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));

        await (await session.Client.GetAsync($"/api/v1/projects/{project}")).ExpectAsync(HttpStatusCode.OK);
        await LoginAsync(session.Email, session.Password);
    }

    [Fact]
    public async Task A_password_over_1024_bytes_is_400_naming_the_field_everywhere_and_is_never_checked()
    {
        var session = await NewUserAsync();

        // 513 characters but 1,026 bytes: the cap is on bytes.
        var overLong = new string('é', 513);
        var exactly = new string('é', 512);

        for (var i = 0; i < 6; i++)
        {
            await ExpectNamedAsync(await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = session.Email, password = overLong }), "password");
        }

        await ExpectNamedAsync(await App.CreateClient().PostJsonAsync("/api/v1/auth/register", new { email = $"x-{Guid.NewGuid():N}@example.com", password = overLong, name = "X" }), "password");
        await ExpectNamedAsync(await session.Client.PostJsonAsync("/api/v1/auth/password", new { current_password = overLong, new_password = "a brand new password" }), "current_password");
        await ExpectNamedAsync(await DeleteMeAsync(session.Client, overLong), "password");

        // None of them counted as a wrong password (six would have locked the account); one of 1,024 bytes is checked.
        Assert.Equal((0, (DateTime?)null), await LockoutStateAsync(session.Id));
        await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = session.Email, password = exactly }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal((1, (DateTime?)null), await LockoutStateAsync(session.Id));
        await LoginAsync(session.Email, session.Password);
    }

    private static async Task ExpectNamedAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}': {problem}");
    }

    private static Task<HttpResponseMessage> DeleteMeAsync(HttpClient client, string? password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/me") { Content = JsonContent.Create(new { password }) });

    private async Task<string> LoginAsync(string email, string password) =>
        (await (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email, password })).ExpectAsync(HttpStatusCode.OK))
        .GetProperty("access_token").GetString()!;

    private HttpClient Bearer(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(int, DateTime?)> LockoutStateAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AuthDb>().Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        return (user.FailedLogins, user.LockedUntil);
    }

    /// <summary>Usage as the call path leaves it: the attempts and their hourly and daily sums.</summary>
    private async Task AddUsageAsync(Guid userId, Guid projectId, int calls)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < calls; i++)
        {
            db.Add(new LlmUsage { UserId = userId, ProjectId = projectId, Provider = "openai", Model = "gpt-5-mini", Status = UsageStatus.Ok, CreatedAt = now, Day = DateOnly.FromDateTime(now) });
        }

        db.Add(new LlmUsageDaily { UserId = userId, Day = DateOnly.FromDateTime(now), ProjectId = projectId, Provider = "openai", Model = "gpt-5-mini", Calls = calls });
        db.Add(new LlmUsageHourly { UserId = userId, Hour = LlmUsageHourly.HourOf(now), Day = DateOnly.FromDateTime(now), ProjectId = projectId, Provider = "openai", Model = "gpt-5-mini", Calls = calls });
        await db.SaveChangesAsync();
    }

    /// <summary>The rows that belong to a user, or to the projects given, table by table.</summary>
    private async Task<Dictionary<string, int>> RowsOfAsync(Guid userId, params Guid[] projects)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var auth = scope.ServiceProvider.GetRequiredService<AuthDb>();
        var specs = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        return new Dictionary<string, int>
        {
            ["users"] = await auth.Users.CountAsync(u => u.Id == userId),
            ["api_keys"] = await auth.Set<ApiKey>().CountAsync(k => k.UserId == userId),
            ["projects"] = await specs.Projects.CountAsync(p => p.OwnerId == userId || projects.Contains(p.Id)),
            ["specifications"] = await specs.Specifications.CountAsync(x => projects.Contains(x.ProjectId)),
            ["documents"] = await specs.Documents.CountAsync(x => projects.Contains(x.ProjectId)),
            ["files"] = await specs.Files.CountAsync(x => projects.Contains(x.ProjectId)),
            ["templates"] = await specs.Set<UserTemplate>().CountAsync(t => t.OwnerId == userId),
            ["budgets"] = await specs.Set<LlmBudget>().CountAsync(b => b.UserId == userId),
            ["usage"] = await specs.Set<LlmUsage>().CountAsync(u => u.UserId == userId),
            ["usage_daily"] = await specs.Set<LlmUsageDaily>().CountAsync(u => u.UserId == userId),
            ["usage_hourly"] = await specs.Set<LlmUsageHourly>().CountAsync(u => u.UserId == userId),
        };
    }
}

public sealed class AccountOnSqlite(SqliteApp app) : AccountTests(app);

public sealed class AccountOnPostgres(PostgresApp app) : AccountTests(app);
