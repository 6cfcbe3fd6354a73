using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm;

/// <summary>Tests of calls to the fake providers, on an app with a <see cref="FakeLlmSetup"/>.</summary>
public abstract class LlmTestBase(SocratesApp app) : ApiTest(app)
{
    protected FakeProviders Fakes => App.Setup<FakeLlmSetup>().Fakes;

    /// <summary>Message text that tells the fakes how to behave, with an id to find the requests they saw.</summary>
    protected static string Say(string? scenario, out string id)
    {
        id = Guid.NewGuid().ToString("N");
        return $"Please answer. id={id}" + (scenario is null ? "" : $" scenario={scenario}");
    }

    protected static object Chat(string text, bool stream = false, int? maxTokens = null) =>
        new { messages = new[] { new { role = "user", content = text } }, stream, max_tokens = maxTokens };

    internal static async Task<Guid> ProjectUsingAsync(HttpClient client, string provider, string model, object[]? fallbacks = null)
    {
        var projectId = await client.CreateProjectAsync();
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider, model, fallbacks }))
            .ExpectAsync(HttpStatusCode.OK);
        return projectId;
    }

    /// <summary>The events of a text/event-stream body, in order.</summary>
    protected static async Task<List<(string Event, JsonElement Data)>> ReadEventsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null, data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line[5..].Trim();
                }
            }

            using var json = JsonDocument.Parse(data!);
            events.Add((name ?? "message", json.RootElement.Clone()));
        }

        return events;
    }

    /// <summary>The user's usage rows, once the background writer has committed everything enqueued so far.</summary>
    protected async Task<List<LlmUsage>> UsageRowsAsync(Guid userId)
    {
        await App.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        return await db.Set<LlmUsage>().AsNoTracking().Where(u => u.UserId == userId).OrderBy(u => u.Id).ToListAsync();
    }

    /// <summary>Dollars from the catalogue's per-million prices, as the server must compute them.</summary>
    protected static decimal Dollars(decimal perMillionTimesTokens) => perMillionTimesTokens / 1_000_000m;

    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million tokens.
    protected static readonly decimal ClaudeSonnetCost = Dollars(
        (FakeAnthropic.Input * 3.00m) + (FakeAnthropic.CacheRead * 0.30m) + (FakeAnthropic.CacheWrite * 3.75m) + (FakeAnthropic.Output * 15.00m));

    // gpt-5-mini: $0.25 input, $0.025 cached input, $2 output per million tokens; prompt_tokens includes the cached ones.
    protected static readonly decimal GptMiniCost = Dollars(
        ((FakeOpenAi.Prompt - FakeOpenAi.Cached) * 0.25m) + (FakeOpenAi.Cached * 0.025m) + (FakeOpenAi.Completion * 2.00m));

    protected const long ClaudeInputTotal = FakeAnthropic.Input + FakeAnthropic.CacheRead + FakeAnthropic.CacheWrite;
}
