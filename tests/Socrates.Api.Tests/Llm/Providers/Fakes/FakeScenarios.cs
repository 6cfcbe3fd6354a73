using System.Globalization;
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

    [GeneratedRegex(@"scenario=([a-z0-9-]+)")]
    private static partial Regex ScenarioPattern();

    [GeneratedRegex(@"id=([0-9a-f]{32})")]
    private static partial Regex IdPattern();

    /// <summary>The scenario and the id a request's text names, if any.</summary>
    public static (string? Scenario, string? Id) Read(string text) => (
        ScenarioPattern().Match(text) is { Success: true } s ? s.Groups[1].Value : null,
        IdPattern().Match(text) is { Success: true } i ? i.Groups[1].Value : null);

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
                await Task.Delay(int.Parse(wait["think-".Length..], CultureInfo.InvariantCulture), context.RequestAborted);
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
        _ => Reply,
    };

    /// <summary>The answer's text in the pieces a stream sends; JSON answers come whole.</summary>
    public static string[] Pieces(string? scenario) =>
        scenario is "generate" or "generate-evil" or "generate-nul" or "github-specs" ? [AnswerText(scenario)] : Words;
}
