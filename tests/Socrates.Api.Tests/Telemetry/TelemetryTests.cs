using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Gateway;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Telemetry;

/// <summary>The fake providers, the Prometheus endpoint on without its response cache, and every finished span kept in memory.</summary>
public sealed class TelemetrySetup() : FakeLlmSetup(systemKeys: true), IAppSetup
{
    public List<Activity> Spans { get; } = [];

    public override async Task StartAsync(SocratesApp app)
    {
        await base.StartAsync(app);
        app.Set("Telemetry:Prometheus", "true");
    }

    public void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans))
            .Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
}

public abstract class TelemetryTests(SocratesApp app) : GatewayTestBase(app)
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_chat_makes_a_GenAI_span_in_the_callers_trace_and_metrics_show_its_tokens(bool ownKey, bool stream)
    {
        var user = await NewUserAsync();
        var own = $"sk-proj-own-{Guid.NewGuid():N}";
        if (ownKey)
        {
            await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "openai", api_key = own })).ExpectAsync(HttpStatusCode.Created);
        }

        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var (_, secret) = await NewTokenAsync(user, projectId);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "default", stream, messages = new[] { new { role = "user", content = Say(null, out var id) } } }),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await TokenClient(secret).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
        var metrics = await (await App.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.StartsWith($"00-{traceId.ToHexString()}-", response.Headers.GetValues("traceresponse").Single(), StringComparison.Ordinal);
        Activity[] spans;
        lock (App.Setup<TelemetrySetup>().Spans)
        {
            spans = [.. App.Setup<TelemetrySetup>().Spans.Where(s => s.TraceId == traceId)];
        }

        Assert.Equal(ownKey ? own : FakeLlmSetup.OpenAiSystemKey, Assert.Single(Fakes.For(id)).ApiKey);
        var chat = Assert.Single(spans, s => s.GetTagItem("gen_ai.operation.name") as string == "chat");
        Assert.Equal("gpt-5-mini", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(Fakes.BaseUrl.Port, chat.GetTagItem("server.port"));
        Assert.Equal((long)Llm.Providers.Fakes.FakeOpenAi.Prompt, Convert.ToInt64(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("gen_ai_client_token_usage", metrics, StringComparison.Ordinal);
        Assert.Contains("socrates_llm_calls", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_show_how_long_the_usage_writer_takes_to_commit_a_batch()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var (_, secret) = await NewTokenAsync(user, projectId);
        await (await TokenClient(secret).PostJsonAsync("/v1/chat/completions",
            new { model = "default", messages = new[] { new { role = "user", content = Say(null, out _) } } })).ExpectAsync(HttpStatusCode.OK);

        // The usage endpoint waits for every row so far to be committed, and the writer times a batch before it reports it written.
        await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);

        var metrics = await (await App.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Matches(new Regex(@"^socrates_usage_writer_flush_duration_seconds_count(\{[^}]*\})? [1-9]", RegexOptions.Multiline), metrics);
    }

    [Fact]
    public async Task A_database_command_is_traced_once_by_the_driver_that_runs_it()
    {
        var user = await NewUserAsync();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Traced" }) };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        await (await user.Client.SendAsync(request)).ExpectAsync(HttpStatusCode.Created);

        string[] sources;
        lock (App.Setup<TelemetrySetup>().Spans)
        {
            sources = [.. App.Setup<TelemetrySetup>().Spans.Where(s => s.TraceId == traceId && s.Source.Name is Npgsql or EntityFramework).Select(s => s.Source.Name)];
        }

        // Npgsql traces its own commands; EF Core's spans would be each of them a second time. SQLite's driver traces nothing.
        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.Equal(App.Provider == DatabaseProvider.Postgres ? Npgsql : EntityFramework, source));
    }

    private const string Npgsql = "Npgsql";
    private const string EntityFramework = "OpenTelemetry.Instrumentation.EntityFrameworkCore";

    [Fact]
    public async Task A_problem_carries_the_W3C_trace_id_of_the_request()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var problem = await (await App.CreateClient().SendAsync(request)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(traceId.ToHexString(), problem.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task Liveness_needs_nothing_and_readiness_checks_the_databases()
    {
        var client = App.CreateClient();

        var live = await client.GetAsync("/health/live");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.StatusCode, await live.Content.ReadAsStringAsync()));
        var ready = await (await client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", ready.GetProperty("auth").GetProperty("status").GetString());
    }
}

public sealed class TelemetryOnSqlite(SqliteApp<TelemetrySetup> app) : TelemetryTests(app), IClassFixture<SqliteApp<TelemetrySetup>>;

public sealed class TelemetryOnPostgres(PostgresApp<TelemetrySetup> app) : TelemetryTests(app), IClassFixture<PostgresApp<TelemetrySetup>>;
