using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Socrates.Api.Gateway.Limits;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Gateway;

public abstract class OpenAiSdkTests(SocratesApp app) : GatewayTestBase(app)
{
    [Fact]
    public async Task The_OpenAI_SDK_chats_with_Claude_through_a_token_and_the_usage_row_names_the_token_and_project()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var (tokenId, secret) = await NewTokenAsync(user, projectId, "my editor");

        ChatCompletion completion = await OpenAiClient(secret, "claude/claude-sonnet-4-5").CompleteChatAsync([new UserChatMessage(Say(null, out var id))]);

        Assert.Equal(FakeScenarios.Reply, completion.Content[0].Text);
        Assert.Equal("claude/claude-sonnet-4-5", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal((ClaudeInputTotal, FakeAnthropic.Output, FakeAnthropic.CacheRead),
            (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount, completion.Usage.InputTokenDetails.CachedTokenCount));
        Assert.Equal(Socrates.Api.Tests.Llm.FakeLlmSetup.ClaudeSystemKey, Assert.Single(Fakes.For(id)).ApiKey);

        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((projectId, (Guid?)tokenId, "claude", UsageStatus.Ok), (row.ProjectId!.Value, row.TokenId, row.Provider, row.Status));
        Assert.Equal(Pricing.Nanos(ClaudeSonnetCost), row.CostNanos);

        var usage = await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);
        var byToken = Assert.Single(usage.GetProperty("by_token").EnumerateArray());
        Assert.Equal(("my editor", tokenId, 1L), (byToken.GetProperty("name").GetString(), byToken.GetProperty("token_id").GetGuid(),
            byToken.GetProperty("totals").GetProperty("calls").GetInt64()));
    }

    [Fact]
    public async Task The_OpenAI_SDK_streams_from_OpenAI_with_the_usage_chunk_last()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var (tokenId, secret) = await NewTokenAsync(user, projectId);

        var text = "";
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in OpenAiClient(secret).CompleteChatStreamingAsync([new UserChatMessage(Say(null, out _))]))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(FakeScenarios.Reply, text);
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal((FakeOpenAi.Prompt, FakeOpenAi.Completion, FakeOpenAi.Cached),
            (usage.InputTokenCount, usage.OutputTokenCount, usage.InputTokenDetails.CachedTokenCount));
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((projectId, (Guid?)tokenId, "openai", Pricing.Nanos(GptMiniCost)), (row.ProjectId!.Value, row.TokenId, row.Provider, row.CostNanos));
    }

    [Fact]
    public async Task The_OpenAI_SDK_reaches_an_Ollama_model_plain_and_streamed()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (_, secret) = await NewTokenAsync(user, projectId);
        var client = OpenAiClient(secret, "local/llama3.1:8b");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
        var streamed = "";
        await foreach (var update in client.CompleteChatStreamingAsync([new SystemChatMessage("Be brief."), new UserChatMessage(Say(null, out _))]))
        {
            streamed += string.Concat(update.ContentUpdate.Select(p => p.Text));
        }

        Assert.Equal(FakeScenarios.Reply, completion.Content[0].Text);
        Assert.Equal("local/llama3.1:8b", completion.Model);
        Assert.Equal(FakeScenarios.Reply, streamed);
        Assert.All(await UsageRowsAsync(user.Id), r => Assert.Equal(("local", projectId), (r.Provider, r.ProjectId!.Value)));
    }

    [Fact]
    public async Task A_budget_refusal_is_a_402_the_SDK_raises_with_OpenAIs_error_body()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0.0001m })).ExpectAsync(HttpStatusCode.OK);
        var (_, secret) = await NewTokenAsync(user, projectId);
        var client = OpenAiClient(secret);

        // The first call starts under the limit and costs more than all of it.
        await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]));

        Assert.Equal(402, refused.Status);
        var error = ErrorOf(refused);
        Assert.Equal(("insufficient_quota", "budget_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("budget", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_its_next_call()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (tokenId, secret) = await NewTokenAsync(user, projectId);
        var client = OpenAiClient(secret);
        await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);

        await (await user.Client.DeleteAsync($"/api/v1/tokens/{tokenId}")).ExpectAsync(HttpStatusCode.NoContent);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]));

        Assert.Equal(401, refused.Status);
        Assert.Equal("invalid_api_key", ErrorOf(refused).GetProperty("code").GetString());
        Assert.Single(await UsageRowsAsync(user.Id));
        var list = await (await user.Client.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(list.GetProperty("tokens").EnumerateArray());
    }

    [Fact]
    public async Task Past_its_requests_per_minute_a_token_gets_a_429_the_SDK_raises_with_Retry_After()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (_, secret) = await NewTokenAsync(user, projectId, requestsPerMinute: 2);
        await StartOfAMinuteAsync();
        var client = OpenAiClient(secret);

        var first = await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
        Assert.True(first.GetRawResponse().Headers.TryGetValue("x-ratelimit-remaining-requests", out var remaining));
        await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]));

        Assert.Equal(429, refused.Status);
        Assert.Equal("rate_limit_exceeded", ErrorOf(refused).GetProperty("code").GetString());
        var headers = refused.GetRawResponse()!.Headers;
        Assert.True(headers.TryGetValue("Retry-After", out var retryAfter) && int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.True(headers.TryGetValue("x-ratelimit-limit-requests", out var limit) && limit == "2");
        Assert.True(headers.TryGetValue("x-ratelimit-remaining-requests", out var none) && none == "0");
        Assert.Equal("1", remaining);

        // The refused call reached no provider and cost nothing.
        Assert.Equal(2, (await UsageRowsAsync(user.Id)).Count);
    }

    [Fact]
    public async Task With_a_limit_leased_in_parts_the_remaining_requests_still_count_down_one_per_call()
    {
        // On PostgreSQL this limit is leased two requests at a time; the headers count calls, not leases.
        Assert.Equal(2, MinuteShare.LeaseSize(64));
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (_, secret) = await NewTokenAsync(user, projectId, requestsPerMinute: 64);
        await StartOfAMinuteAsync();
        var client = OpenAiClient(secret);

        var remaining = new List<string?>();
        for (var call = 0; call < 3; call++)
        {
            var reply = await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
            remaining.Add(reply.GetRawResponse().Headers.TryGetValue("x-ratelimit-remaining-requests", out var left) ? left : null);
        }

        Assert.Equal(["63", "62", "61"], remaining);
    }

    [Fact]
    public async Task Past_its_tokens_per_minute_a_token_is_refused_until_the_next_minute()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();
        var (_, secret) = await NewTokenAsync(user, projectId, tokensPerMinute: 10);
        await StartOfAMinuteAsync();
        var client = OpenAiClient(secret, "openai/gpt-5-mini");

        // The first call is let through under the limit and uses more than all of it.
        await client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Say(null, out _))]));

        Assert.Equal(429, refused.Status);
        Assert.Contains("10 tokens per minute", ErrorOf(refused).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement ErrorOf(ClientResultException e)
    {
        using var body = JsonDocument.Parse(e.GetRawResponse()!.Content.ToString());
        return body.RootElement.GetProperty("error").Clone();
    }
}

public sealed class OpenAiSdkOnSqlite(SqliteApp<GatewaySetup> app) : OpenAiSdkTests(app), IClassFixture<SqliteApp<GatewaySetup>>;

public sealed class OpenAiSdkOnPostgres(PostgresApp<GatewaySetup> app) : OpenAiSdkTests(app), IClassFixture<PostgresApp<GatewaySetup>>;
