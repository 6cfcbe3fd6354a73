using System.Net;
using System.Text.Json;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Keys;
using static Socrates.Api.Tests.Keys.StoredKeys;

namespace Socrates.Api.Tests.Llm.Providers;

/// <summary>GET /api/v1/llm/providers on the key store's servers: an OpenAI system key, no Claude one, and a local server.</summary>
public abstract class ProviderListTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Providers_list_the_catalogue_with_prices_and_what_the_caller_can_use()
    {
        var user = await NewUserAsync();
        var before = await ProvidersAsync(user);
        Assert.Equal(["claude", "openai", "local", "groq"], before.Keys);

        var claude = before["claude"];
        Assert.True(claude.GetProperty("needs_api_key").GetBoolean());
        Assert.False(claude.GetProperty("usable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, claude.GetProperty("key_source").ValueKind);
        Assert.Contains("POST /api/v1/llm/api-keys", claude.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var sonnet = claude.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "claude-sonnet-4-5");
        Assert.Equal(3.00m, sonnet.GetProperty("input_per_mtok").GetDecimal());
        Assert.Equal(15.00m, sonnet.GetProperty("output_per_mtok").GetDecimal());
        Assert.Equal(0.30m, sonnet.GetProperty("cached_input_per_mtok").GetDecimal());
        Assert.Equal(3.75m, sonnet.GetProperty("cache_write_per_mtok").GetDecimal());
        Assert.Equal(200000, sonnet.GetProperty("context_window").GetInt32());

        Assert.True(before["openai"].GetProperty("usable").GetBoolean());
        Assert.Equal("system", before["openai"].GetProperty("key_source").GetString());
        Assert.Contains(before["openai"].GetProperty("models").EnumerateArray(), m => m.GetProperty("id").GetString() == "gpt-5");

        Assert.False(before["local"].GetProperty("needs_api_key").GetBoolean());
        Assert.True(before["local"].GetProperty("usable").GetBoolean());
        Assert.All(before["local"].GetProperty("models").EnumerateArray(), m => Assert.Equal(0m, m.GetProperty("input_per_mtok").GetDecimal()));

        await AddKeyAsync(user, "claude", NewKey("sk-ant-"));
        await AddKeyAsync(user, "openai", NewKey());
        var after = await ProvidersAsync(user);
        Assert.True(after["claude"].GetProperty("usable").GetBoolean());
        Assert.Equal("user", after["claude"].GetProperty("key_source").GetString());
        Assert.Equal(JsonValueKind.Null, after["claude"].GetProperty("reason").ValueKind);
        Assert.Equal("user", after["openai"].GetProperty("key_source").GetString());

        // Someone else's key makes nothing usable for this caller.
        Assert.False((await ProvidersAsync(await NewUserAsync()))["claude"].GetProperty("usable").GetBoolean());
    }

    [Fact]
    public async Task A_provider_whose_stored_key_no_longer_opens_is_not_usable()
    {
        var user = await NewUserAsync();
        var id = (await AddKeyAsync(user, "claude", NewKey("sk-ant-"))).GetProperty("id").GetGuid();
        Assert.True((await ProvidersAsync(user))["claude"].GetProperty("usable").GetBoolean());

        await EditRowAsync(App, id, row => row.Ciphertext = Flipped(row.Ciphertext));
        Assert.False((await ProvidersAsync(user))["claude"].GetProperty("usable").GetBoolean());
    }

    [Fact]
    public async Task The_system_key_is_never_exposed()
    {
        var user = await NewUserAsync();
        var response = await user.Client.GetAsync("/api/v1/llm/providers");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(KeysSetup.OpenAiSystemKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(KeysSetup.OpenAiSystemKey[^8..], text, StringComparison.Ordinal);
    }

    /// <summary>GET /api/v1/llm/providers as the user, by provider id.</summary>
    internal static async Task<Dictionary<string, JsonElement>> ProvidersAsync(UserSession user)
    {
        var body = await (await user.Client.GetAsync("/api/v1/llm/providers")).ExpectAsync(HttpStatusCode.OK);
        return body.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
    }
}

public sealed class ProviderListOnSqlite(SqliteApp<KeysSetup> app) : ProviderListTests(app), IClassFixture<SqliteApp<KeysSetup>>;

public sealed class ProviderListOnPostgres(PostgresApp<KeysSetup> app) : ProviderListTests(app), IClassFixture<PostgresApp<KeysSetup>>;
