using System.Net;
using System.Text.Json;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm.Usage;

public abstract class UsageTests(SocratesApp app) : LlmTestBase(app)
{
    private static JsonElement Entry(JsonElement report, string breakdown, string key) =>
        report.GetProperty(breakdown).EnumerateArray().Single(e => e.GetProperty("key").GetString() == key).GetProperty("totals");

    [Fact]
    public async Task Usage_totals_and_breakdowns_come_from_every_attempt()
    {
        var user = await NewUserAsync();
        var a = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        var b = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var c = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");
        var failing = await ProjectUsingAsync(user.Client, "claude", "claude-haiku-4-5");

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{a}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{a}/chat", Chat(Say(null, out _), stream: true)));
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{b}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        await ReadEventsAsync(await user.Client.PostJsonAsync($"/api/v1/projects/{c}/chat", Chat(Say(null, out _), stream: true)));
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{failing}/chat", Chat(Say("fail-all", out _)))).ExpectProblemAsync(HttpStatusCode.BadGateway);

        var report = await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);
        var totals = report.GetProperty("totals");
        Assert.Equal(6, totals.GetProperty("calls").GetInt64());
        Assert.Equal(2, totals.GetProperty("failed_calls").GetInt64());
        Assert.Equal(0, totals.GetProperty("unpriced_calls").GetInt64());
        var input = (2 * ClaudeInputTotal) + FakeOpenAi.Prompt + FakeOllama.Prompt;
        var output = (2 * FakeAnthropic.Output) + FakeOpenAi.Completion + FakeOllama.Eval;
        Assert.Equal(input, totals.GetProperty("input_tokens").GetInt64());
        Assert.Equal(output, totals.GetProperty("output_tokens").GetInt64());
        Assert.Equal(input + output, totals.GetProperty("total_tokens").GetInt64());
        Assert.Equal((2 * FakeAnthropic.CacheRead) + FakeOpenAi.Cached, totals.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal((2 * ClaudeSonnetCost) + GptMiniCost, totals.GetProperty("cost_usd").GetDecimal());

        Assert.Equal(["claude", "local", "openai"], report.GetProperty("by_provider").EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal(4, Entry(report, "by_provider", "claude").GetProperty("calls").GetInt64());
        Assert.Equal(2 * ClaudeSonnetCost, Entry(report, "by_provider", "claude").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2, Entry(report, "by_model", "claude/claude-haiku-4-5").GetProperty("failed_calls").GetInt64());
        Assert.Equal(GptMiniCost, Entry(report, "by_model", "openai/gpt-5-mini").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2, Entry(report, "by_project", a.ToString()).GetProperty("calls").GetInt64());
        Assert.Equal(FakeOllama.Eval, Entry(report, "by_project", c.ToString()).GetProperty("output_tokens").GetInt64());
        var day = Assert.Single(report.GetProperty("by_day").EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.GetProperty("key").GetString());
        Assert.Equal(6, day.GetProperty("totals").GetProperty("calls").GetInt64());

        var onlyB = (await (await user.Client.GetAsync($"/api/v1/llm/usage?project_id={b}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal((1, GptMiniCost), (onlyB.GetProperty("calls").GetInt64(), onlyB.GetProperty("cost_usd").GetDecimal()));

        var tomorrow = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var future = (await (await user.Client.GetAsync($"/api/v1/llm/usage?from={tomorrow}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(0, future.GetProperty("calls").GetInt64());
        var hourAgo = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var window = (await (await user.Client.GetAsync($"/api/v1/llm/usage?from={hourAgo}&to={tomorrow}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(6, window.GetProperty("calls").GetInt64());

        // Whole days are answered from the daily rollup, other ranges from the rows: both must agree.
        var today = DateTime.UtcNow.Date;
        var days = await (await user.Client.GetAsync($"/api/v1/llm/usage?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(window.ToString(), days.GetProperty("totals").ToString());
        Assert.Equal(totals.ToString(), window.ToString());
        var yesterday = await (await user.Client.GetAsync($"/api/v1/llm/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, yesterday.GetProperty("totals").GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task Usage_is_private_and_its_filters_are_checked()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "local", "llama3.1:8b");
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);

        var theirs = (await (await other.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(0, theirs.GetProperty("calls").GetInt64());
        await (await other.Client.GetAsync($"/api/v1/llm/usage?project_id={projectId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.GetAsync("/api/v1/llm/usage?from=2026-02-01&to=2026-01-01")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class UsageOnSqlite(SqliteApp<LlmSetup> app) : UsageTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class UsageOnPostgres(PostgresApp<LlmSetup> app) : UsageTests(app), IClassFixture<PostgresApp<LlmSetup>>;
