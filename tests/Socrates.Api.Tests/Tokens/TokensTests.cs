using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenAI.Chat;
using Socrates.Api.Tests.Gateway;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Tokens;

public abstract class TokensTests(SocratesApp app) : GatewayTestBase(app)
{
    private static readonly string[] UnknownScope = ["admin"];
    private static readonly string[] InvalidFields = ["name", "project_id", "scopes[0]", "expires_in_days"];

    [Fact]
    public async Task A_token_is_shown_once_then_listed_only_by_its_hint()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        var created = await (await user.Client.PostJsonAsync("/api/v1/tokens", new { name = "ci", project_id = projectId, expires_in_days = 30 }))
            .ExpectAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("token").GetString()!;
        var list = await (await user.Client.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);

        Assert.Matches("^sk-soc-[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal(["chat"], created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var listed = Assert.Single(list.GetProperty("tokens").EnumerateArray());
        Assert.Equal($"sk-soc-…{secret[^4..]}", listed.GetProperty("hint").GetString());
        Assert.Equal(projectId, listed.GetProperty("project_id").GetGuid());
        Assert.Equal(600, listed.GetProperty("requests_per_minute").GetInt32());
        Assert.DoesNotContain(secret[7..], list.ToString(), StringComparison.Ordinal);
        Assert.True(listed.GetProperty("expires_at").GetDateTime() > DateTime.UtcNow.AddDays(29));
    }

    [Fact]
    public async Task Another_users_project_or_token_is_not_found_and_bad_fields_are_named()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();
        var alicesProject = await alice.Client.CreateProjectAsync();
        var (alicesToken, _) = await NewTokenAsync(alice, alicesProject);

        await (await bob.Client.PostJsonAsync("/api/v1/tokens", new { name = "x", project_id = alicesProject })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.DeleteAsync($"/api/v1/tokens/{alicesToken}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var invalid = await (await alice.Client.PostJsonAsync("/api/v1/tokens", new { name = "", scopes = UnknownScope, expires_in_days = 0 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        var errors = invalid.GetProperty("errors");
        Assert.All(InvalidFields, f => Assert.True(errors.TryGetProperty(f, out _), f));
        Assert.Single((await (await alice.Client.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK)).GetProperty("tokens").EnumerateArray());
    }

    [Fact]
    public async Task Only_a_token_with_the_api_scope_acts_on_the_JSON_API_and_only_as_its_user()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync("Mine");
        var (_, chatOnly) = await NewTokenAsync(user, projectId);
        var (_, withApi) = await NewTokenAsync(user, projectId, scopes: ["api"]);

        await (await TokenClient(chatOnly).GetAsync("/api/v1/projects")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var projects = await (await TokenClient(withApi).GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains(projectId.ToString(), projects.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_on_v1_have_OpenAIs_shape_and_a_password_login_is_not_a_token_there()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (_, secret) = await NewTokenAsync(user, projectId);
        var chat = new { model = "nobody/nothing", messages = new[] { new { role = "user", content = "hi" } } };

        var unknownModel = await (await TokenClient(secret).PostJsonAsync("/v1/chat/completions", chat)).ExpectAsync(HttpStatusCode.NotFound);
        var jwt = await (await user.Client.PostJsonAsync("/v1/chat/completions", chat)).ExpectAsync(HttpStatusCode.Unauthorized);
        var invalid = await (await TokenClient(secret).PostJsonAsync("/v1/chat/completions", new { model = "default", messages = Array.Empty<object>() }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var models = await (await TokenClient(secret).GetAsync("/v1/models")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("model_not_found", unknownModel.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("GET /v1/models", unknownModel.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_api_key", jwt.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(("invalid_request_error", "messages"), (invalid.GetProperty("error").GetProperty("type").GetString(), invalid.GetProperty("error").GetProperty("param").GetString()));
        var ids = models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("default", ids);
        Assert.Contains("claude/claude-sonnet-4-5", ids);
        Assert.Contains("local/llama3.1:8b", ids);
    }

    [Fact]
    public async Task A_password_change_revokes_the_users_personal_tokens_at_once_and_no_one_elses()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (_, chatOnly) = await NewTokenAsync(user, projectId);
        var (_, withApi) = await NewTokenAsync(user, projectId, scopes: ["api"]);
        var (_, othersToken) = await NewTokenAsync(other, await other.Client.CreateProjectAsync());
        // Used first, so each instance holds the tokens in its cache and only the revocation can make it let go.
        await (await TokenClient(chatOnly).GetAsync("/v1/models")).ExpectAsync(HttpStatusCode.OK);
        await (await TokenClient(withApi).GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);

        var changed = await (await user.Client.PostJsonAsync("/api/v1/auth/password", new { current_password = user.Password, new_password = "a brand new password" }))
            .ExpectAsync(HttpStatusCode.OK);

        await (await TokenClient(chatOnly).GetAsync("/v1/models")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await TokenClient(withApi).GetAsync("/api/v1/projects")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await TokenClient(othersToken).GetAsync("/v1/models")).ExpectAsync(HttpStatusCode.OK);
        var session = App.CreateClient();
        session.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", changed.GetProperty("access_token").GetString());
        var list = await (await session.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public async Task Usage_made_on_the_JSON_API_with_an_api_token_is_recorded_against_the_token()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var (tokenId, secret) = await NewTokenAsync(user, projectId, "notebook script", scopes: ["api"]);
        var conversation = (await (await TokenClient(secret).PostJsonAsync($"/api/v1/projects/{projectId}/conversations", new { title = "by token" }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await TokenClient(secret).PostJsonAsync($"/api/v1/projects/{projectId}/conversations/{conversation}/messages", new { content = Say(null, out _) }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/conversations/{conversation}/messages", new { content = Say(null, out _) }))
            .ExpectAsync(HttpStatusCode.OK);

        var rows = await UsageRowsAsync(user.Id);
        Assert.Equal(new Guid?[] { null, tokenId }, rows.Select(r => r.TokenId).OrderBy(t => t.HasValue));
        var usage = await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);
        var byToken = Assert.Single(usage.GetProperty("by_token").EnumerateArray());
        Assert.Equal(("notebook script", tokenId, 1L), (byToken.GetProperty("name").GetString(), byToken.GetProperty("token_id").GetGuid(),
            byToken.GetProperty("totals").GetProperty("calls").GetInt64()));
    }

    [Fact]
    public async Task The_clear_token_is_in_no_database_and_no_log()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (tokenId, secret) = await NewTokenAsync(user, projectId, "scanned");
        await OpenAiClient(secret).CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
        await (await TokenClient(secret).GetAsync("/api/v1/projects")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.DeleteAsync($"/api/v1/tokens/{tokenId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await TokenClient(secret).GetAsync("/v1/models")).ExpectAsync(HttpStatusCode.Unauthorized);
        await UsageRowsAsync(user.Id);

        var stored = await DatabaseTextAsync();
        var logs = App.Setup<GatewaySetup>().Logs.Entries;

        Assert.Contains("scanned", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[7..], stored, StringComparison.Ordinal);
        Assert.DoesNotContain(logs, e => e.Contains(secret[7..], StringComparison.Ordinal));
        Assert.Contains(logs, e => e.Contains("unknown, revoked or expired", StringComparison.Ordinal));
    }

    /// <summary>Everything both databases hold, as text: the SQLite files byte for byte, or every PostgreSQL row.</summary>
    private async Task<string> DatabaseTextAsync()
    {
        if (App is SqliteApp)
        {
            var text = new StringBuilder();
            foreach (var file in Directory.GetFiles(App.DataDirectory, "*.db*"))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                text.Append(await reader.ReadToEndAsync());
            }

            return text.ToString();
        }

        var postgres = (PostgresApp)App;
        var all = new StringBuilder();
        foreach (var database in new[] { postgres.AuthDatabase, postgres.SpecsDatabase })
        {
            await using var connection = new NpgsqlConnection(PostgresApp.WithDatabase(database));
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var rows = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" t", connection);
                all.Append(await rows.ExecuteScalarAsync());
            }
        }

        return all.ToString();
    }
}

public sealed class TokensOnSqlite(SqliteApp<GatewaySetup> app) : TokensTests(app), IClassFixture<SqliteApp<GatewaySetup>>;

public sealed class TokensOnPostgres(PostgresApp<GatewaySetup> app) : TokensTests(app), IClassFixture<PostgresApp<GatewaySetup>>;
