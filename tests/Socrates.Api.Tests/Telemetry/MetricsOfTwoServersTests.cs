using System.Net;
using System.Text.RegularExpressions;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Telemetry;

/// <summary>
/// Two servers in one process, as in this test run: OpenTelemetry merges same-named instruments of every meter in the
/// process into the stream of the first it saw, and ends that stream when its host stops
/// (open-telemetry/opentelemetry-dotnet#6412). The CI once lost the usage writer's flush histogram that way.
/// </summary>
public sealed class MetricsOfTwoServersTests
{
    [Fact]
    public async Task A_server_keeps_its_own_metrics_when_a_server_started_before_it_stops()
    {
        var first = new SqliteApp<TelemetrySetup>();
        await first.InitializeAsync();
        await using var second = new SqliteApp<TelemetrySetup>();
        await second.InitializeAsync();
        await first.DisposeAsync();
        // A collection after the stop is what drops the merged stream.
        (await second.CreateClient().GetAsync("/metrics")).EnsureSuccessStatusCode();

        var user = await second.NewUserAsync();
        var projectId = await LlmTestBase.ProjectUsingAsync(user.Client, "openai", "gpt-5-mini");
        var created = await (await user.Client.PostJsonAsync("/api/v1/tokens", new { name = "metrics", project_id = projectId }))
            .ExpectAsync(HttpStatusCode.Created);
        var caller = second.CreateClient();
        caller.DefaultRequestHeaders.Authorization = new("Bearer", created.GetProperty("token").GetString());
        await (await caller.PostJsonAsync("/v1/chat/completions",
            new { model = "default", messages = new[] { new { role = "user", content = "hello" } } })).ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.GetAsync("/api/v1/llm/usage")).ExpectAsync(HttpStatusCode.OK);

        var metrics = await (await second.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Matches(new Regex(@"^socrates_usage_writer_flush_duration_seconds_count(\{[^}]*\})? [1-9]", RegexOptions.Multiline), metrics);
        Assert.Matches(new Regex(@"^socrates_llm_calls_total\{[^}]*gen_ai_request_model=""gpt-5-mini""[^}]*\} 1$", RegexOptions.Multiline), metrics);
        Assert.Matches(new Regex(@"^http_server_request_duration_seconds_count\{[^}]*http_route=""/v1/chat/completions""", RegexOptions.Multiline), metrics);
    }
}
