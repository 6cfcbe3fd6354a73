using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Http;
using Socrates.Api.Keys;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using static Socrates.Api.Tests.Keys.StoredKeys;

namespace Socrates.Api.Tests.Keys;

public abstract class ApiKeysTests(SocratesApp app) : ApiTest(app)
{
    private const string Keys = "/api/v1/llm/api-keys";

    [Fact]
    public async Task Add_list_get_and_delete_round_trip()
    {
        var user = await NewUserAsync();
        var key = NewKey();

        var response = await user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = key, label = "work" });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"{Keys}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("openai", created.GetProperty("provider").GetString());
        Assert.Equal("work", created.GetProperty("label").GetString());
        Assert.Equal($"sk-proj-…{key[^4..]}", created.GetProperty("masked_key").GetString());
        Assert.Equal(1, created.GetProperty("key_version").GetInt32());
        Assert.True(created.GetProperty("readable").GetBoolean());
        Assert.True(created.GetProperty("created_at").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        Assert.DoesNotContain(key, created.ToString(), StringComparison.Ordinal);
        Assert.False(created.TryGetProperty("api_key", out _));

        var list = await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK);
        var listed = Assert.Single(list.GetProperty("keys").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetGuid());
        Assert.Equal(created.GetProperty("masked_key").GetString(), listed.GetProperty("masked_key").GetString());
        Assert.DoesNotContain(key, list.ToString(), StringComparison.Ordinal);

        var one = await (await user.Client.GetAsync($"{Keys}/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("work", one.GetProperty("label").GetString());
        Assert.Equal(key, await FindAsync(user.Id, "openai"));

        await (await user.Client.DeleteAsync($"{Keys}/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty((await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
        Assert.Null(await FindAsync(user.Id, "openai"));
        await (await user.Client.DeleteAsync($"{Keys}/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_provider_keeps_its_own_key_and_github_tokens_are_accepted()
    {
        var user = await NewUserAsync();
        var keys = new Dictionary<string, string>
        {
            ["claude"] = NewKey("sk-ant-"),
            ["openai"] = NewKey(),
            ["local"] = NewKey("local-"),
            ["github"] = NewKey("ghp_"),
        };
        foreach (var (provider, key) in keys)
        {
            await AddKeyAsync(user, provider, key);
        }

        var listed = (await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(["claude", "github", "local", "openai"], listed.Select(k => k.GetProperty("provider").GetString()));
        foreach (var (provider, key) in keys)
        {
            Assert.Equal(key, await FindAsync(user.Id, provider));
        }

        Assert.Equal($"ghp_…{keys["github"][^4..]}", listed[1].GetProperty("masked_key").GetString());
        Assert.Equal($"sk-ant-…{keys["claude"][^4..]}", listed[0].GetProperty("masked_key").GetString());
    }

    [Fact]
    public async Task A_second_key_for_a_provider_replaces_the_first()
    {
        var user = await NewUserAsync();
        var first = await AddKeyAsync(user, "claude", NewKey("sk-ant-"));
        var secondKey = NewKey("sk-ant-");
        var second = await AddKeyAsync(user, "claude", secondKey, "new one");

        var listed = Assert.Single((await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
        Assert.Equal(second.GetProperty("id").GetGuid(), listed.GetProperty("id").GetGuid());
        Assert.Equal("new one", listed.GetProperty("label").GetString());
        Assert.Equal(secondKey, await FindAsync(user.Id, "claude"));
        await (await user.Client.GetAsync($"{Keys}/{first.GetProperty("id").GetGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_adds_for_one_provider_leave_exactly_one_of_them()
    {
        var user = await NewUserAsync();
        var keys = Enumerable.Range(0, 8).Select(_ => NewKey()).ToList();

        var responses = await Task.WhenAll(keys.Select(k => user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = k })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var listed = Assert.Single((await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
        var stored = await FindAsync(user.Id, "openai");
        Assert.Contains(stored, keys);
        Assert.Equal($"sk-proj-…{stored![^4..]}", listed.GetProperty("masked_key").GetString());
    }

    [Fact]
    public async Task Another_users_key_is_not_found()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync();
        var key = NewKey();
        var id = (await AddKeyAsync(owner, "openai", key)).GetProperty("id").GetGuid();

        await (await other.Client.GetAsync($"{Keys}/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"{Keys}/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await other.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
        Assert.Null(await FindAsync(other.Id, "openai"));

        Assert.Equal(key, await FindAsync(owner.Id, "openai"));
    }

    [Fact]
    public async Task Keys_need_a_token()
    {
        await (await App.CreateClient().GetAsync(Keys)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.CreateClient().GetAsync("/api/v1/llm/providers")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_provider_is_a_400_problem_listing_the_valid_ones()
    {
        var user = await NewUserAsync();
        var problem = await (await user.Client.PostJsonAsync(Keys, new { provider = "gemini", api_key = NewKey() }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("provider").EnumerateArray()).GetString();
        Assert.All(["claude", "openai", "local", "groq", "github"], provider => Assert.Contains(provider, message, StringComparison.Ordinal));
        Assert.Empty((await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task Missing_and_malformed_fields_are_named_without_echoing_the_key()
    {
        var user = await NewUserAsync();
        var missing = await (await user.Client.PostJsonAsync(Keys, new { label = new string('x', ApiKey.MaxLabelLength + 1) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = missing.GetProperty("errors");
        Assert.True(errors.TryGetProperty("provider", out _));
        Assert.True(errors.TryGetProperty("api_key", out _));
        Assert.True(errors.TryGetProperty("label", out _));

        var keyWithNewline = NewKey() + "\r\nX-Injected: 1";
        var malformed = await (await user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = keyWithNewline }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("api_key", out _));
        Assert.DoesNotContain(keyWithNewline[..20], malformed.ToString(), StringComparison.Ordinal);

        await (await user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = new string('k', ApiKey.MaxKeyLength + 1) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("sk-café-1234567890abcdef")]
    [InlineData("sk-12345678\u00a090abcdef")]
    [InlineData("sk-\u200b1234567890abcdef")]
    [InlineData("sk-1234567890abcdef-密钥")]
    public async Task A_key_that_cannot_be_sent_in_a_header_is_refused_without_echoing_it(string key)
    {
        var user = await NewUserAsync();
        var problem = await (await user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = key }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("api_key", out _));
        Assert.DoesNotContain("90abcdef", problem.ToString(), StringComparison.Ordinal);
        Assert.Empty((await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task Ten_deletes_of_one_key_delete_it_once_and_the_rest_are_404()
    {
        var user = await NewUserAsync();
        var created = await (await user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = NewKey() })).ExpectAsync(HttpStatusCode.Created);
        var url = $"{Keys}/{created.GetProperty("id").GetGuid()}";

        using var start = new Barrier(10);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return user.Client.DeleteAsync(url);
        })));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        await (await user.Client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Surrounding_whitespace_is_trimmed_from_a_pasted_key()
    {
        var user = await NewUserAsync();
        var key = NewKey();
        await AddKeyAsync(user, "openai", $"  {key}\n");
        Assert.Equal(key, await FindAsync(user.Id, "openai"));
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("nonce")]
    [InlineData("tag")]
    [InlineData("key_version")]
    public async Task A_tampered_key_fails_clearly_and_alone(string part)
    {
        var user = await NewUserAsync();
        var claude = await AddKeyAsync(user, "claude", NewKey("sk-ant-"));
        var openaiKey = NewKey();
        await AddKeyAsync(user, "openai", openaiKey);

        await EditRowAsync(App, claude.GetProperty("id").GetGuid(), row =>
        {
            switch (part)
            {
                case "ciphertext": row.Ciphertext = Flipped(row.Ciphertext); break;
                case "nonce": row.Nonce = Flipped(row.Nonce); break;
                case "tag": row.Tag = Flipped(row.Tag); break;
                default: row.KeyVersion = 99; break;
            }
        });

        var error = await Assert.ThrowsAsync<ApiKeyUnreadableException>(() => FindAsync(user.Id, "claude"));
        Assert.Equal("claude", error.Provider);
        Assert.Contains("Delete it and add it again", error.Message, StringComparison.Ordinal);
        Assert.Equal(openaiKey, await FindAsync(user.Id, "openai"));

        var listed = (await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK)).GetProperty("keys").EnumerateArray()
            .ToDictionary(k => k.GetProperty("provider").GetString()!, k => k.GetProperty("readable").GetBoolean());
        Assert.False(listed["claude"]);
        Assert.True(listed["openai"]);

        // The way out the error names: delete the broken key and add it again.
        await (await user.Client.DeleteAsync($"{Keys}/{claude.GetProperty("id").GetGuid()}")).ExpectAsync(HttpStatusCode.NoContent);
        var again = NewKey("sk-ant-");
        await AddKeyAsync(user, "claude", again);
        Assert.Equal(again, await FindAsync(user.Id, "claude"));
    }

    [Fact]
    public async Task A_ciphertext_moved_to_another_user_or_provider_does_not_open()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();
        var aliceKey = NewKey();
        var aliceOpenAi = (await AddKeyAsync(alice, "openai", aliceKey)).GetProperty("id").GetGuid();
        var aliceClaude = (await AddKeyAsync(alice, "claude", NewKey("sk-ant-"))).GetProperty("id").GetGuid();
        var bobOpenAi = (await AddKeyAsync(bob, "openai", NewKey())).GetProperty("id").GetGuid();

        var stolen = await ReadRowAsync(aliceOpenAi);
        foreach (var target in new[] { bobOpenAi, aliceClaude })
        {
            await EditRowAsync(App, target, row =>
            {
                row.KeyVersion = stolen.KeyVersion;
                row.Nonce = stolen.Nonce;
                row.Ciphertext = stolen.Ciphertext;
                row.Tag = stolen.Tag;
            });
        }

        await Assert.ThrowsAsync<ApiKeyUnreadableException>(() => FindAsync(bob.Id, "openai"));
        await Assert.ThrowsAsync<ApiKeyUnreadableException>(() => FindAsync(alice.Id, "claude"));
        Assert.Equal(aliceKey, await FindAsync(alice.Id, "openai"));
    }

    [Fact]
    public async Task Rows_hold_no_clear_key_and_each_value_has_its_own_nonce()
    {
        var user = await NewUserAsync();
        var key = NewKey();
        var first = await ReadRowAsync((await AddKeyAsync(user, "openai", key)).GetProperty("id").GetGuid());
        var second = await ReadRowAsync((await AddKeyAsync(user, "openai", key)).GetProperty("id").GetGuid());

        Assert.Equal(12, first.Nonce.Length);
        Assert.Equal(16, first.Tag.Length);
        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        Assert.DoesNotContain(key, System.Text.Encoding.UTF8.GetString(first.Ciphertext), StringComparison.Ordinal);
        Assert.DoesNotContain(key, System.Text.Encoding.Latin1.GetString(first.Ciphertext), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clear_key_never_reaches_a_log()
    {
        var user = await NewUserAsync();
        var key = NewKey();
        var id = (await AddKeyAsync(user, "openai", key, "logged?")).GetProperty("id").GetGuid();
        await (await user.Client.GetAsync(Keys)).ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.GetAsync($"{Keys}/{id}")).ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.GetAsync("/api/v1/llm/providers")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(key, await FindAsync(user.Id, "openai"));

        // The failure paths too: a rejected key, and a stored key that no longer opens.
        var rejected = key + " with a space";
        await (await user.Client.PostJsonAsync(Keys, new { provider = "openai", api_key = rejected })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await EditRowAsync(App, id, row => row.Tag = Flipped(row.Tag));
        await Assert.ThrowsAsync<ApiKeyUnreadableException>(() => FindAsync(user.Id, "openai"));

        var entries = App.Services.Logs().Entries;
        Assert.Contains(entries, e => e.Contains(id.ToString(), StringComparison.Ordinal) && e.Contains("cannot be decrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains(key[8..], StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains(KeysSetup.OpenAiSystemKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_key_that_escapes_a_handler_becomes_a_409_problem_naming_the_provider()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IExceptionHandler>().OfType<ProblemDetailsExceptionHandler>().Single();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();

        Assert.True(await handler.TryHandleAsync(context, new ApiKeyUnreadableException("claude", "test"), CancellationToken.None));

        Assert.Equal(StatusCodes.Status409Conflict, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("claude", problem.RootElement.GetProperty("provider").GetString());
        Assert.Contains("Delete it and add it again", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string?> FindAsync(Guid userId, string provider)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUserApiKeys>().FindAsync(userId, provider, CancellationToken.None);
    }

    private async Task<ApiKey> ReadRowAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuthDb>().Set<ApiKey>().AsNoTracking().SingleAsync(k => k.Id == id);
    }
}

public sealed class ApiKeysOnSqlite(SqliteApp<KeysSetup> app) : ApiKeysTests(app), IClassFixture<SqliteApp<KeysSetup>>;

public sealed class ApiKeysOnPostgres(PostgresApp<KeysSetup> app) : ApiKeysTests(app), IClassFixture<PostgresApp<KeysSetup>>;
