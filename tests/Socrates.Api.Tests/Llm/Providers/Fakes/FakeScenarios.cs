using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Socrates.Api.Tests.Llm.Providers.Fakes;

/// <summary>
/// What every fake does for the "scenario=NAME" a message names: the answers it gives, and the failures that stand
/// in front of an answer (rate limits, errors, hangs, dropped connections, malformed bodies).
/// </summary>
public static partial class FakeScenarios
{
    public static readonly string[] Words = ["Hello", " from", " the", " fake"];

    public static string Reply => string.Concat(Words);

    public const string GeneratedFilesJson =
        """{"files":[{"path":"src/app.py","language":"python","content":"print('hi')\n"},{"path":"./README.md","language":"markdown","content":"# Hi"}]}""";

    public const string EvilFilesJson =
        """{"files":[{"path":"src/ok.py","language":"python","content":"x = 1"},{"path":"../../etc/passwd","language":"text","content":"root"}]}""";

    /// <summary>Files whose text PostgreSQL could not store (NUL), beside one with a control character in its language.</summary>
    public const string NulFilesJson =
        """{"files":[{"path":"src/ok.py","language":"py\u0007thon","content":"x = 1"},{"path":"src/bad.py","language":"python","content":"x = \u0000"}]}""";

    /// <summary>Functional specifications as use_llm on a GitHub import asks for them, with proposals the server must drop.</summary>
    public const string GitHubSpecsJson = """
        {"specifications":[
          {"category":"goals","key":"purpose","value":"Sell tea online to retail customers.","confidence":0.9},
          {"category":"Users","key":"Tea Buyers","value":"People who buy loose-leaf tea.","confidence":0.4},
          {"category":"features","key":"cart","value":"A shopping cart that holds items before checkout."},
          {"category":"features","key":"cart","value":"The same key again."},
          {"category":"tech_stack","key":"language","value":"TypeScript","confidence":0.9},
          {"category":"requirements","key":"summary","value":"A small shop for selling tea online.  It has a cart."},
          {"category":"features","key":"","value":"No key."}
        ]}
        """;

    /// <summary>A workspace answer: a reply with proposals as the conversation prompt asks for them.</summary>
    public const string SocraticReplyJson = """
        {"reply": "Thanks \u2014 a web app for small \"teams\" it is.\nHow will people sign in?",
         "proposals": [
           {"category": "users", "key": "primary_users", "value": "Small teams of up to 20 people", "confidence": 0.9, "rationale": "The user said so."},
           {"category": "Architecture", "key": "clients", "value": "A web app in the browser", "confidence": 0.8, "rationale": "They want a web app."},
           {"category": "tech_stack", "key": "language", "value": "TypeScript", "confidence": 0.5, "rationale": "A guess from the web app."},
           {"category": "-", "key": "", "value": "dropped"}
         ]}
        """;

    /// <summary>A question as the next-question prompt asks for it (its category is the server's choice, not the model's).</summary>
    public const string SocraticQuestionJson = """
        ```json
        {"key": "authentication", "question": "How should people sign in?",
         "options": [{"label": "Email and password", "value": "Email and password"}, {"label": "Single sign-on", "value": "Single sign-on with OpenID Connect"}],
         "recommended": 1, "reason": "Teams usually have an identity provider already."}
        ```
        """;

    /// <summary>What the workspace's question prompt says, so a "socratic" fake can tell a question request from a turn.</summary>
    public const string QuestionMarker = "Ask the user the single most useful next question";

    /// <summary>
    /// Waits at least <paramref name="milliseconds"/> as a stopwatch measures them. Task.Delay's timers run on a coarse
    /// clock and may fire a millisecond or more early (CI saw a 150 ms delay measured as 148.8 ms), which a test of the
    /// provider's time in Server-Timing would see as Socrates losing time.
    /// </summary>
    public static async Task ThinkAsync(int milliseconds, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (milliseconds * Stopwatch.Frequency / 1000);
        await Task.Delay(milliseconds, ct);
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(1, ct);
        }
    }

    /// <summary>"think=N" delays any scenario's answer by N ms, as a model's thinking would (benchmarks of the workspace).</summary>
    public static int? ThinkMilliseconds(string text) =>
        ThinkPattern().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// "gap=N" makes a stream pause N ms after each piece, so a reader sees the pieces arrive apart, as from a model,
    /// instead of in one read when the machine is busy.
    /// </summary>
    public static int? PieceGapMilliseconds(string text) =>
        PieceGapPattern().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The pieces of the answer (<see cref="Pieces"/>), each followed by the pause the request asked for.</summary>
    public static async IAsyncEnumerable<string> PiecesAsync(string? scenario, int gapMilliseconds, [EnumeratorCancellation] CancellationToken cancel)
    {
        foreach (var piece in Pieces(scenario))
        {
            yield return piece;
            if (gapMilliseconds > 0)
            {
                await Task.Delay(gapMilliseconds, cancel);
            }
        }
    }

    [GeneratedRegex(@"gap=([0-9]{1,4})\b")]
    private static partial Regex PieceGapPattern();

    [GeneratedRegex(@"think=([0-9]{1,5})\b")]
    private static partial Regex ThinkPattern();

    [GeneratedRegex(@"scenario=([a-z0-9-]+)")]
    private static partial Regex ScenarioPattern();

    [GeneratedRegex(@"id=([0-9a-f]{32})")]
    private static partial Regex IdPattern();

    /// <summary>The scenario and the id a request's text names, if any.</summary>
    /// <remarks>"socratic" answers as the workspace asks: a question when the request asks for one, else a reply with proposals.</remarks>
    public static (string? Scenario, string? Id) Read(string text)
    {
        var scenario = ScenarioPattern().Match(text) is { Success: true } s ? s.Groups[1].Value : null;
        if (scenario == "socratic")
        {
            scenario = text.Contains(QuestionMarker, StringComparison.Ordinal) ? "socratic-question" : "socratic-reply";
        }

        return (scenario, IdPattern().Match(text) is { Success: true } i ? i.Groups[1].Value : null);
    }

    /// <summary>
    /// What the scenario wants instead of a normal answer: an error status for the fake to answer in its vendor's
    /// error format, 200 when the response is already written (or the connection dropped), or null for a normal answer.
    /// </summary>
    public static async Task<int?> MisbehaveAsync(HttpContext context, string provider, string? scenario, int attempt)
    {
        switch (scenario)
        {
            case "rate-limit-once" when attempt == 1:
                context.Response.Headers["retry-after"] = "1";
                return 429;
            case "rate-limit-claude-for-a-minute" when provider == "claude":
                context.Response.Headers["retry-after"] = "60";
                return 429;
            case "fail-all":
            case "fail-claude" when provider == "claude":
                return 500;
            case "hang":
                await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
                return 500;
            case { } wait when wait.StartsWith("think-", StringComparison.Ordinal):
                // A model's thinking time (think-200: 200 ms), so benchmarks are not all CPU-bound.
                await ThinkAsync(int.Parse(wait["think-".Length..], CultureInfo.InvariantCulture), context.RequestAborted);
                return null;
            case "drop":
                // The connection closes with no response at all, as when a host or its proxy goes away.
                context.Abort();
                return 200;
            case "malformed":
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"x\", \"choices\": [ {\"oops\"");
                return 200;
            default:
                return null;
        }
    }

    /// <summary>The whole answer's text.</summary>
    public static string AnswerText(string? scenario) => scenario switch
    {
        "generate" => GeneratedFilesJson,
        "generate-evil" => EvilFilesJson,
        "generate-nul" => NulFilesJson,
        "github-specs" => GitHubSpecsJson,
        "socratic-reply" => SocraticReplyJson,
        "socratic-question" => SocraticQuestionJson,
        _ => Reply,
    };

    /// <summary>The answer's text in the pieces a stream sends; JSON answers come whole.</summary>
    /// <remarks>A workspace reply comes in small pieces that cut its JSON (and its escapes) anywhere, as a model's tokens do.</remarks>
    public static string[] Pieces(string? scenario) => scenario switch
    {
        "generate" or "generate-evil" or "generate-nul" or "github-specs" or "socratic-question" => [AnswerText(scenario)],
        "socratic-reply" => [.. SocraticReplyJson.Chunk(7).Select(c => new string(c))],
        _ => Words,
    };
}
