using System.Net;
using System.Text.Json;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm.Providers;

/// <summary>
/// Groq end to end: its catalogue entries, a key the caller stores, and calls through the OpenAI SDK to the fake
/// OpenAI server where Groq serves that protocol (/openai/v1). The app has no system keys, so groq needs the caller's.
/// </summary>
public abstract class GroqTests(SocratesApp app) : LlmTestBase(app)
{
    private const string Model = "llama-3.3-70b-versatile";

    // llama-3.3-70b-versatile: $0.59 input, $0.79 output per million tokens. With no cached price in the catalogue,
    // the cached part of prompt_tokens is billed as input.
    private static readonly decimal Cost = Dollars((FakeOpenAi.Prompt * 0.59m) + (FakeOpenAi.Completion * 0.79m));

    private static async Task<string> StoreKeyAsync(UserSession user)
    {
        var key = $"gsk_{Guid.NewGuid():N}";
        await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "groq", api_key = key })).ExpectAsync(HttpStatusCode.Created);
        return key;
    }

    [Fact]
    public async Task Groq_is_listed_with_its_models_and_is_usable_once_the_caller_stores_a_key()
    {
        var user = await NewUserAsync();

        var before = (await ProviderListTests.ProvidersAsync(user))["groq"];
        Assert.Equal("Groq", before.GetProperty("display_name").GetString());
        Assert.True(before.GetProperty("needs_api_key").GetBoolean());
        Assert.False(before.GetProperty("usable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("key_source").ValueKind);
        var reason = before.GetProperty("reason").GetString();
        Assert.Contains("POST /api/v1/llm/api-keys", reason, StringComparison.Ordinal);
        Assert.Contains("GROQ_API_KEY", reason, StringComparison.Ordinal);
        var models = before.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal(["llama-3.1-8b-instant", Model], models.Keys);
        Assert.Equal((0.59m, 0.79m), (models[Model].GetProperty("input_per_mtok").GetDecimal(), models[Model].GetProperty("output_per_mtok").GetDecimal()));
        Assert.Equal(131072, models[Model].GetProperty("context_window").GetInt32());

        await StoreKeyAsync(user);

        var after = (await ProviderListTests.ProvidersAsync(user))["groq"];
        Assert.True(after.GetProperty("usable").GetBoolean());
        Assert.Equal("user", after.GetProperty("key_source").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task A_chat_goes_to_Groqs_path_with_the_callers_key_and_is_priced_from_the_catalogue()
    {
        var user = await NewUserAsync();
        var key = await StoreKeyAsync(user);
        var projectId = await ProjectUsingAsync(user.Client, "groq", Model);

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("groq", Model), (reply.GetProperty("provider").GetString(), reply.GetProperty("model").GetString()));
        Assert.Equal(FakeScenarios.Reply, reply.GetProperty("content").GetString());
        Assert.Equal((FakeOpenAi.Prompt, FakeOpenAi.Completion), (reply.GetProperty("input_tokens").GetInt64(), reply.GetProperty("output_tokens").GetInt64()));
        Assert.Equal(Cost, reply.GetProperty("cost_usd").GetDecimal());

        // The fake took the key from "Authorization: Bearer ...", at the path Groq serves, for the model asked for.
        var seen = Assert.Single(Fakes.For(id));
        Assert.Equal($"/{FakeProviders.GroqPath}/chat/completions", seen.Path);
        Assert.True(key == seen.ApiKey, seen.Headers);
        Assert.Equal(Model, seen.Body["model"]?.GetValue<string>());

        var report = await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);
        var byProvider = Assert.Single(report.GetProperty("by_provider").EnumerateArray());
        Assert.Equal("groq", byProvider.GetProperty("key").GetString());
        Assert.Equal(Cost, byProvider.GetProperty("totals").GetProperty("cost_usd").GetDecimal());
        Assert.Equal($"groq/{Model}", Assert.Single(report.GetProperty("by_model").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(Pricing.Nanos(Cost), Assert.Single(await UsageRowsAsync(user.Id)).CostNanos);
    }

    [Fact]
    public async Task A_streamed_chat_through_Groq_sends_the_deltas_then_the_priced_usage()
    {
        var user = await NewUserAsync();
        var key = await StoreKeyAsync(user);
        var projectId = await ProjectUsingAsync(user.Client, "groq", Model);

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id), stream: true)));

        Assert.Equal(FakeScenarios.Reply, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        var (last, usage) = events[^1];
        Assert.Equal("usage", last);
        Assert.Equal("groq", usage.GetProperty("provider").GetString());
        Assert.Equal((FakeOpenAi.Prompt, FakeOpenAi.Completion), (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64()));
        Assert.Equal(Cost, usage.GetProperty("cost_usd").GetDecimal());

        var seen = Assert.Single(Fakes.For(id));
        Assert.Equal(($"/{FakeProviders.GroqPath}/chat/completions", key), (seen.Path, seen.ApiKey));
        Assert.True(seen.Body["stream"]?.GetValue<bool>());
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal(("groq", Pricing.Nanos(Cost)), (row.Provider, row.CostNanos));
    }
}

public sealed class GroqOnSqlite(SqliteApp<KeylessSetup> app) : GroqTests(app), IClassFixture<SqliteApp<KeylessSetup>>;

public sealed class GroqOnPostgres(PostgresApp<KeylessSetup> app) : GroqTests(app), IClassFixture<PostgresApp<KeylessSetup>>;
