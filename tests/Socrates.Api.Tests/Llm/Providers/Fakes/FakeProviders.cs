using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socrates.Api.Tests.Llm.Providers.Fakes;

/// <summary>
/// Fake Anthropic, OpenAI and Ollama servers on one Kestrel port on 127.0.0.1, each speaking its vendor's wire
/// format (<see cref="FakeAnthropic"/>, <see cref="FakeOpenAi"/>, <see cref="FakeOllama"/>) so the official SDKs in
/// the server under test talk to them as they would to the real thing. Every request is recorded; a test picks a
/// behaviour by writing "scenario=NAME id=GUID" in a message (<see cref="FakeScenarios"/>).
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    /// <summary>Where Groq serves OpenAI's protocol, under its root: its SDK base URL is root + this.</summary>
    public const string GroqPath = "openai/v1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private FakeProviders(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public IEnumerable<SeenRequest> For(string id) => Requests.Where(r => r.Id == id);

    /// <summary>Ids of "stall" streams whose connection the server under test closed while the fake held them open.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> ClosedByClient { get; } = new();

    public static async Task<FakeProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fakes = new FakeProviders(app);
        FakeAnthropic.Map(app, fakes);
        FakeOpenAi.Map(app.MapGroup("/v1"), fakes);
        FakeOpenAi.Map(app.MapGroup("/" + GroqPath), fakes);
        FakeOllama.Map(app, fakes);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fakes.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fakes;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A request as a fake received it; <paramref name="Provider"/> names the wire protocol that answered.</summary>
    public sealed record SeenRequest(string Provider, string Path, string? Id, string? Scenario, string? ApiKey, JsonNode Body, DateTimeOffset At, string Headers);

    /// <summary>
    /// What a fake answers from: the body, the scenario and id the messages name, which attempt this is, and the pause
    /// (ms) a stream makes after each piece.
    /// </summary>
    internal sealed record Received(JsonNode Body, string? Scenario, string? Id, int Attempt, int PieceGap);

    /// <summary>Reads and records a request, and counts the attempts made with its id.</summary>
    internal async Task<Received> ReceiveAsync(HttpContext context, string provider, string? apiKey)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var body = JsonNode.Parse(text)!;
        var (scenario, id) = FakeScenarios.Read(text);
        Requests.Enqueue(new SeenRequest(provider, context.Request.Path, id, scenario, apiKey, body, DateTimeOffset.UtcNow,
            string.Join("; ", context.Request.Headers.Select(h => $"{h.Key}={h.Value}"))));
        var attempt = _attempts.AddOrUpdate($"{provider}:{id}", 1, (_, n) => n + 1);
        if (FakeScenarios.ThinkMilliseconds(text) is { } think)
        {
            await FakeScenarios.ThinkAsync(think, context.RequestAborted);
        }

        return new Received(body, scenario, id, attempt, FakeScenarios.PieceGapMilliseconds(text) ?? 0);
    }

    /// <summary>Holds a stream open, as a model that stalls does, until the client closes it.</summary>
    internal async Task StallUntilClosedAsync(HttpContext context, string? id)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            ClosedByClient[id ?? ""] = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>The key an "Authorization: Bearer KEY" header carries; null without one.</summary>
    internal static string? BearerToken(HttpContext context) =>
        context.Request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null;

    internal static async Task JsonAsync(HttpContext context, JsonNode body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
