using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Keys;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Telemetry;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm.Calls;

public abstract class ChatTests(SocratesApp app) : LlmTestBase(app)
{
    [Fact]
    public async Task Claude_chat_reports_the_providers_tokens_and_prices_cache_reads_and_writes_apart()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("claude", reply.GetProperty("provider").GetString());
        Assert.Equal("claude-sonnet-4-5", reply.GetProperty("model").GetString());
        Assert.Equal(FakeScenarios.Reply, reply.GetProperty("content").GetString());
        Assert.Equal(ClaudeInputTotal, reply.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeAnthropic.CacheRead, reply.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal(FakeAnthropic.CacheWrite, reply.GetProperty("cache_write_tokens").GetInt64());
        Assert.Equal(FakeAnthropic.Output, reply.GetProperty("output_tokens").GetInt64());
        Assert.Equal(ClaudeSonnetCost, reply.GetProperty("cost_usd").GetDecimal());

        var seen = Assert.Single(Fakes.For(id));
        Assert.True(FakeLlmSetup.ClaudeSystemKey == seen.ApiKey, seen.Headers);
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((ClaudeInputTotal, FakeAnthropic.CacheRead, FakeAnthropic.CacheWrite, FakeAnthropic.Output),
            (row.InputTokens, row.CachedInputTokens, row.CacheWriteTokens, row.OutputTokens));
        Assert.Equal(Pricing.Nanos(ClaudeSonnetCost), row.CostNanos);
        Assert.Equal((UsageStatus.Ok, (string?)null, projectId), (row.Status, row.ErrorKind, row.ProjectId));
    }

    [Fact]
    public async Task Claude_stream_sends_deltas_then_usage_counted_once()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _), stream: true)));

        Assert.Equal(FakeScenarios.Reply, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        var (last, usage) = events[^1];
        Assert.Equal("usage", last);
        Assert.Equal(ClaudeInputTotal, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeAnthropic.CacheRead, usage.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal(FakeAnthropic.CacheWrite, usage.GetProperty("cache_write_tokens").GetInt64());
        Assert.Equal(FakeAnthropic.Output, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(ClaudeSonnetCost, usage.GetProperty("cost_usd").GetDecimal());

        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((ClaudeInputTotal, FakeAnthropic.Output), (row.InputTokens, row.OutputTokens));
        Assert.Equal(Pricing.Nanos(ClaudeSonnetCost), row.CostNanos);
    }

    [Fact]
    public async Task OpenAi_chat_reports_prompt_and_completion_tokens_with_cached_part_priced_apart()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(FakeScenarios.Reply, reply.GetProperty("content").GetString());
        Assert.Equal(FakeOpenAi.Prompt, reply.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeOpenAi.Cached, reply.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal(FakeOpenAi.Completion, reply.GetProperty("output_tokens").GetInt64());
        Assert.Equal(GptMiniCost, reply.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(FakeLlmSetup.OpenAiSystemKey, Assert.Single(Fakes.For(id)).ApiKey);
        Assert.Equal(Pricing.Nanos(GptMiniCost), Assert.Single(await UsageRowsAsync(user.Id)).CostNanos);
    }

    [Fact]
    public async Task A_reply_tells_the_providers_time_and_the_time_Socrates_held_it_in_server_timing()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");

        var started = Stopwatch.GetTimestamp();
        using var response = await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("think-150", out _)));
        await response.ExpectAsync(HttpStatusCode.OK);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        var match = Regex.Match(timing, @"^provider;dur=(\d+(?:\.\d+)?), total;dur=(\d+(?:\.\d+)?)$");
        Assert.True(match.Success, timing);
        var provider = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var total = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        // The provider's part holds at least the fake's thinking (measured by a stopwatch, FakeScenarios.ThinkAsync);
        // Socrates held the request at least that long, and no longer than the whole call took as the client saw it.
        Assert.InRange(provider, 150, total);
        Assert.InRange(total, provider, elapsed.TotalMilliseconds);
    }

    [Fact]
    public async Task OpenAi_stream_takes_usage_from_the_final_chunk()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _), stream: true)));

        Assert.Equal(FakeScenarios.Reply, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        var usage = events.Single(e => e.Event == "usage").Data;
        Assert.Equal("usage", events[^1].Event);
        Assert.Equal(FakeOpenAi.Prompt, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeOpenAi.Cached, usage.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal(FakeOpenAi.Completion, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(GptMiniCost, usage.GetProperty("cost_usd").GetDecimal());
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((FakeOpenAi.Prompt, FakeOpenAi.Completion), (row.InputTokens, row.OutputTokens));
    }

    [Fact]
    public async Task Ollama_chat_counts_prompt_eval_and_eval_and_costs_a_deliberate_zero()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(FakeScenarios.Reply, reply.GetProperty("content").GetString());
        Assert.Equal(FakeOllama.Prompt, reply.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeOllama.Eval, reply.GetProperty("output_tokens").GetInt64());
        Assert.Equal(0m, reply.GetProperty("cost_usd").GetDecimal());
        Assert.True(reply.GetProperty("priced").GetBoolean());
        Assert.Equal("local", Assert.Single(Fakes.For(id)).Provider);
        Assert.Equal(0, Assert.Single(await UsageRowsAsync(user.Id)).CostNanos);
    }

    [Fact]
    public async Task Ollama_stream_reads_ndjson_and_its_final_counts()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _), stream: true)));

        Assert.Equal(FakeScenarios.Reply, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        var usage = events[^1].Data;
        Assert.Equal(FakeOllama.Prompt, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(FakeOllama.Eval, usage.GetProperty("output_tokens").GetInt64());
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((FakeOllama.Prompt, FakeOllama.Eval, 0L), (row.InputTokens, row.OutputTokens, row.CostNanos));
    }

    [Theory]
    [InlineData("claude", "claude-sonnet-4-5", "sk-ant-")]
    [InlineData("openai", "gpt-5-mini", "sk-proj-")]
    [InlineData("groq", "llama-3.3-70b-versatile", "gsk_")]
    public async Task The_callers_own_key_is_sent_before_the_system_key(string provider, string model, string prefix)
    {
        var user = await NewUserAsync();
        var stranger = await NewUserAsync();
        var own = $"{prefix}own-{Guid.NewGuid():N}";
        await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider, api_key = own })).ExpectAsync(HttpStatusCode.Created);
        var mine = await ProjectUsingAsync(user.Client, provider, model);
        var theirs = await ProjectUsingAsync(stranger.Client, provider, model);

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{mine}/chat", Chat(Say(null, out var withOwn)))).ExpectAsync(HttpStatusCode.OK);
        await (await stranger.Client.PostJsonAsync($"/api/v1/projects/{theirs}/chat", Chat(Say(null, out var withSystem)))).ExpectAsync(HttpStatusCode.OK);

        // The fake checks the header it received: the caller's key, and the system key only for a caller without one.
        Assert.Equal(own, Assert.Single(Fakes.For(withOwn)).ApiKey);
        var systemKey = provider switch
        {
            "claude" => FakeLlmSetup.ClaudeSystemKey,
            "openai" => FakeLlmSetup.OpenAiSystemKey,
            _ => FakeLlmSetup.GroqSystemKey,
        };
        Assert.Equal(systemKey, Assert.Single(Fakes.For(withSystem)).ApiKey);
    }

    [Fact]
    public async Task Calls_with_the_callers_own_key_leave_no_meter_behind()
    {
        var user = await NewUserAsync();
        await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "openai", api_key = $"sk-proj-own-{Guid.NewGuid():N}" }))
            .ExpectAsync(HttpStatusCode.Created);
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        const int Calls = 30;

        var before = LiveMeters(TelemetrySetup.GenAiSource);
        for (var i = 0; i < Calls; i++)
        {
            await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        }

        // A meter is never collected until disposed, and disposing one ends the shared stream of every same-named meter
        // (open-telemetry/opentelemetry-dotnet#6412): a client per call must not bring its own. Test servers running
        // beside this one may each make one meanwhile, far fewer than one per call.
        var made = LiveMeters(TelemetrySetup.GenAiSource) - before;
        Assert.True(made < Calls / 2, $"{made} GenAI meters were made for {Calls} calls");
    }

    private static int LiveMeters(string name)
    {
        var meters = new HashSet<System.Diagnostics.Metrics.Meter>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == name)
            {
                meters.Add(instrument.Meter);
            }
        };
        listener.Start();
        return meters.Count;
    }

    [Fact]
    public async Task A_stored_key_that_no_longer_decrypts_fails_the_call_clearly_and_sends_nothing()
    {
        var user = await NewUserAsync();
        await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "claude", api_key = $"sk-ant-{Guid.NewGuid():N}" }))
            .ExpectAsync(HttpStatusCode.Created);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var auth = scope.ServiceProvider.GetRequiredService<AuthDb>();
            var row = await auth.Set<ApiKey>().SingleAsync(k => k.UserId == user.Id && k.Provider == "claude");
            row.Tag = [.. row.Tag.Select(b => (byte)(b ^ 0xFF))];
            await auth.SaveChangesAsync();
        }

        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out var id))))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("claude", problem.GetProperty("provider").GetString());
        Assert.Contains("Delete it and add it again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Neither the broken key nor, silently, the system key in its place went to the provider.
        Assert.Empty(Fakes.For(id));
        Assert.Empty(await UsageRowsAsync(user.Id));
    }

    [Fact]
    public async Task Project_without_a_choice_uses_the_configured_default()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("claude", reply.GetProperty("provider").GetString());
        Assert.Equal("claude-sonnet-4-5", reply.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_the_retry_after_the_provider_asked_for()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("rate-limit-once", out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(FakeOpenAi.Completion, reply.GetProperty("output_tokens").GetInt64());
        var seen = Fakes.For(id).ToList();
        Assert.Equal(2, seen.Count);
        // The fake said "retry-after: 1"; the router's own backoff here is 50 ms, so a gap this long means the header won.
        Assert.True(seen[1].At - seen[0].At >= TimeSpan.FromMilliseconds(900), $"Retried after {(seen[1].At - seen[0].At).TotalMilliseconds} ms");
        var rows = await UsageRowsAsync(user.Id);
        Assert.Equal([(UsageStatus.Error, UpstreamErrorKind.RateLimited), (UsageStatus.Ok, null)], rows.Select(r => (r.Status, r.ErrorKind)));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_limit_is_not_waited_for_the_fallback_answers_at_once()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5", [new { provider = "openai", model = "gpt-5-mini" }]);

        var started = Stopwatch.GetTimestamp();
        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("rate-limit-claude-for-a-minute", out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        // Claude asked for 60 s, past Llm:Calls:MaxRetryAfter (5 s here): no second Claude attempt, no wait.
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), $"Took {Stopwatch.GetElapsedTime(started)}");
        Assert.Equal("openai", reply.GetProperty("provider").GetString());
        Assert.Equal(["claude", "openai"], Fakes.For(id).Select(r => r.Provider));
        var rows = await UsageRowsAsync(user.Id);
        Assert.Equal([(UsageStatus.Error, UpstreamErrorKind.RateLimited), (UsageStatus.Ok, null)], rows.Select(r => (r.Status, r.ErrorKind)));
    }

    [Fact]
    public async Task Server_errors_are_retried_then_the_fallback_model_answers()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5", [new { provider = "openai", model = "gpt-5-mini" }]);

        var reply = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("fail-claude", out var id))))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("openai", "gpt-5-mini"), (reply.GetProperty("provider").GetString(), reply.GetProperty("model").GetString()));
        Assert.Equal(["claude", "claude", "openai"], Fakes.For(id).Select(r => r.Provider));
        var rows = await UsageRowsAsync(user.Id);
        Assert.Equal(
            [("claude", UsageStatus.Error, UpstreamErrorKind.ServerError), ("claude", UsageStatus.Error, UpstreamErrorKind.ServerError), ("openai", UsageStatus.Ok, null)],
            rows.Select(r => (r.Provider, r.Status, r.ErrorKind)));
        Assert.Equal(0, rows[0].CostNanos);
    }

    [Theory]
    [InlineData("claude", "claude-sonnet-4-5")]
    [InlineData("openai", "gpt-5-mini")]
    [InlineData("local", "llama3.1:8b")]
    public async Task A_connection_that_closes_without_an_answer_is_unreachable_and_retried_not_a_malformed_answer(string provider, string model)
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, provider, model);

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("drop", out var id))))
            .ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(UpstreamErrorKind.Unreachable, problem.GetProperty("error_kind").GetString());
        Assert.Contains("could not be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, Fakes.For(id).Count());
        Assert.All(await UsageRowsAsync(user.Id), r => Assert.Equal((UsageStatus.Error, UpstreamErrorKind.Unreachable), (r.Status, r.ErrorKind)));
    }

    [Fact]
    public async Task Streamed_chat_falls_back_before_the_first_delta()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5", [new { provider = "local", model = "llama3.1:8b" }]);

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("fail-claude", out _), stream: true)));

        Assert.Equal(FakeScenarios.Reply, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        Assert.Equal("local", events[^1].Data.GetProperty("provider").GetString());
        Assert.Equal(["claude", "claude", "local"], (await UsageRowsAsync(user.Id)).Select(r => r.Provider));
    }

    [Fact]
    public async Task A_stream_that_breaks_after_text_ends_with_an_error_event_and_is_recorded_as_failed()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini", [new { provider = "local", model = "llama3.1:8b" }]);

        var events = await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("break-mid-stream", out var id), stream: true)));

        // Text already went out, so no retry or fallback may follow: the client is told the stream broke.
        Assert.Equal(["delta", "error", "usage"], events.Select(e => e.Event));
        Assert.Equal(FakeScenarios.Words[0], events[0].Data.GetProperty("text").GetString());
        Assert.Equal("openai", events[1].Data.GetProperty("provider").GetString());
        Assert.Single(Fakes.For(id));
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((UsageStatus.Error, "openai"), (row.Status, row.Provider));
        Assert.Equal(UpstreamErrorKind.Interrupted, row.ErrorKind);
        Assert.Equal(UpstreamErrorKind.Interrupted, events[1].Data.GetProperty("error_kind").GetString());
    }

    [Fact]
    public async Task A_stream_the_client_abandons_midway_closes_the_upstream_and_is_billed_for_what_the_provider_reported()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 5m })).ExpectAsync(HttpStatusCode.OK);

        var message = Say("stall", out var id);
        using (var leaving = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{projectId}/chat")
            {
                Content = JsonContent.Create(Chat(message, stream: true)),
            };
            using var response = await user.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leaving.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = new StreamReader(await response.Content.ReadAsStreamAsync(leaving.Token));
            Assert.Equal(FakeScenarios.Words[0], await FirstDeltaAsync(body, leaving.Token));

            // The client goes away in the middle of the answer.
            await leaving.CancelAsync();
        }

        // Settling comes last (after the usage row is queued), so a budget with nothing reserved means the call is over.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && ((await BudgetAsync(user.Id)).ReservedNanos != 0 || !Fakes.ClosedByClient.ContainsKey(id)))
        {
            await Task.Delay(100);
        }

        // The server cancelled the provider call rather than reading the rest of it.
        Assert.True(Fakes.ClosedByClient.ContainsKey(id), "The upstream stream was never closed.");
        Assert.Single(Fakes.For(id));

        // Anthropic bills a stream's input (message_start reports it) even when the answer is cut short.
        var row = Assert.Single(await UsageRowsAsync(user.Id));
        Assert.Equal((UsageStatus.Cancelled, (string?)null), (row.Status, row.ErrorKind));
        Assert.Equal((ClaudeInputTotal, FakeAnthropic.CacheRead, FakeAnthropic.CacheWrite, FakeAnthropic.StartOutput),
            (row.InputTokens, row.CachedInputTokens, row.CacheWriteTokens, row.OutputTokens));
        var partialCost = Pricing.Nanos(Dollars(
            (FakeAnthropic.Input * 3.00m) + (FakeAnthropic.CacheRead * 0.30m) + (FakeAnthropic.CacheWrite * 3.75m) + (FakeAnthropic.StartOutput * 15.00m)));
        Assert.Equal(partialCost, row.CostNanos);

        var budget = await BudgetAsync(user.Id);
        Assert.Equal((0L, partialCost), (budget.ReservedNanos, budget.SpentNanos));
        await using var scope = App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<LlmBudgetHold>().AnyAsync(h => h.BudgetId == budget.Id));
    }

    /// <summary>The text of the first "delta" event, read as it arrives.</summary>
    private static async Task<string?> FirstDeltaAsync(StreamReader body, CancellationToken ct)
    {
        string? name = null;
        while (await body.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) && name == "delta")
            {
                using var data = JsonDocument.Parse(line[5..]);
                return data.RootElement.GetProperty("text").GetString();
            }
        }

        return null;
    }

    private async Task<LlmBudget> BudgetAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<LlmBudget>().AsNoTracking().SingleAsync(b => b.UserId == userId);
    }

    [Fact]
    public async Task Upstream_failure_is_a_502_naming_the_provider_and_cause()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-haiku-4-5");

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("fail-all", out _))))
            .ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("'claude'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("HTTP 500", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("server_error", problem.GetProperty("error_kind").GetString());
        Assert.Equal(2, (await UsageRowsAsync(user.Id)).Count(r => r.ErrorKind == UpstreamErrorKind.ServerError));
    }

    [Fact]
    public async Task Streamed_call_that_fails_before_any_text_is_a_problem_not_an_event_stream()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("fail-all", out _), stream: true)))
            .ExpectProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal("openai", problem.GetProperty("provider").GetString());
    }

    [Theory]
    [InlineData("claude", "claude-sonnet-4-5")]
    [InlineData("openai", "gpt-5-mini")]
    [InlineData("local", "llama3.1:8b")]
    public async Task A_malformed_provider_body_is_a_502_and_not_retried(string provider, string model)
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, provider, model);

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say("malformed", out var id))))
            .ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal("malformed_response", problem.GetProperty("error_kind").GetString());
        Assert.Single(Fakes.For(id));
        Assert.Equal(UpstreamErrorKind.MalformedResponse, Assert.Single(await UsageRowsAsync(user.Id)).ErrorKind);
    }

    [Fact]
    public async Task Two_hundred_concurrent_chats_write_exactly_two_hundred_rows_and_matching_totals()
    {
        const int calls = 200;
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");

        var responses = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _), stream: i % 2 == 0))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(calls, (await UsageRowsAsync(user.Id)).Count);
        var totals = (await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(calls, totals.GetProperty("calls").GetInt64());
        Assert.Equal(calls * ClaudeInputTotal, totals.GetProperty("input_tokens").GetInt64());
        Assert.Equal(calls * FakeAnthropic.Output, totals.GetProperty("output_tokens").GetInt64());
        Assert.Equal(calls * ClaudeSonnetCost, totals.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Invalid_chat_requests_name_each_field()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        var problem = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat",
                new { messages = new[] { new { role = "wizard", content = "" } }, temperature = 5, max_tokens = 0 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "messages[0].role", "messages[0].content", "temperature", "max_tokens" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task Chat_on_another_users_project_is_not_found()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync();
        var projectId = await owner.Client.CreateProjectAsync();

        await (await other.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat("hi"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await UsageRowsAsync(other.Id));
    }

    [Fact]
    public async Task Set_llm_refuses_unknown_models_and_lists_the_valid_ones()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        var badModel = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "openai", model = "gpt-2" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("gpt-5-mini", badModel.GetProperty("errors").GetProperty("model")[0].GetString(), StringComparison.Ordinal);

        var badProvider = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider = "mistral", model = "x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("claude, openai, local", badProvider.GetProperty("errors").GetProperty("provider")[0].GetString(), StringComparison.Ordinal);

        var badFallback = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm",
                new { provider = "claude", model = "claude-opus-4-5", fallbacks = new[] { new { provider = "local", model = "nope" } } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badFallback.GetProperty("errors").TryGetProperty("fallbacks[0].model", out _));

        var set = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm",
                new { provider = "claude", model = "claude-opus-4-5", fallbacks = new[] { new { provider = "local", model = "llama3.1:8b" } } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("llama3.1:8b", set.GetProperty("fallbacks")[0].GetProperty("model").GetString());
        var project = await (await user.Client.GetAsync($"/api/v1/projects/{projectId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("claude-opus-4-5", project.GetProperty("llm_model").GetString());
    }
}

public sealed class ChatOnSqlite(SqliteApp<LlmSetup> app) : ChatTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class ChatOnPostgres(PostgresApp<LlmSetup> app) : ChatTests(app), IClassFixture<PostgresApp<LlmSetup>>;
