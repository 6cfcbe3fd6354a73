using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

/// <summary>
/// The OpenAPI document against the running API: every operation, read from the document itself (so a route added
/// later is covered without touching this test), has a summary, and each status that known-bad requests get from it
/// is one the document lists: no token, another user's project, malformed JSON, ids that name nothing.
/// </summary>
public abstract class OpenApiDocumentTests(SocratesApp app) : ApiTest(app)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_has_a_summary()
    {
        var operations = await OperationsAsync();

        var missing = operations.Where(o => string.IsNullOrWhiteSpace(o.Summary)).Select(o => o.ToString()).ToList();

        Assert.True(operations.Count >= 60, $"Expected every operation in the document, found {operations.Count}.");
        Assert.True(missing.Count == 0, "Operations without a summary: " + string.Join("; ", missing));
    }

    [Fact]
    public async Task Anonymous_operations_carry_no_security_requirement_and_the_others_the_bearer_one()
    {
        var operations = await OperationsAsync();

        var anonymous = operations.Where(o => !o.Secured).Select(o => o.ToString()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            ["GET /api/v1/schemas/project-export.json", "GET /health", "GET /health/live", "GET /health/ready", "POST /api/v1/auth/login", "POST /api/v1/auth/register"],
            anonymous);
    }

    [Fact]
    public async Task The_chat_replies_are_documented_as_JSON_and_as_server_sent_events_and_main_bodies_have_examples()
    {
        var operations = await OperationsAsync();

        foreach (var path in new[] { "/v1/chat/completions", "/api/v1/projects/{projectId}/chat", "/api/v1/projects/{projectId}/conversations/{conversationId}/messages" })
        {
            var ok = operations.Single(o => o.Method == "POST" && o.Path == path).Element.GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.True(ok.TryGetProperty("application/json", out _), $"{path}: no JSON form");
            Assert.True(ok.TryGetProperty("text/event-stream", out _), $"{path}: no event-stream form");
        }

        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/projects", "/api/v1/projects/{projectId}/specifications",
                     "/api/v1/projects/{projectId}/chat", "/api/v1/projects/{projectId}/conversations/{conversationId}/messages", "/api/v1/tokens" })
        {
            var body = operations.Single(o => o.Method == "POST" && o.Path == path).Element.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            Assert.True(body.TryGetProperty("example", out var example) && example.ValueKind == JsonValueKind.Object, $"{path}: no example body");
        }
    }

    [Fact]
    public async Task Every_status_a_known_bad_request_gets_is_documented_for_its_operation()
    {
        var operations = await OperationsAsync();
        var owner = (await NewUserAsync()).Client;
        var intruder = (await NewUserAsync()).Client;
        var projectId = await owner.CreateProjectAsync("Documented");
        var observed = new List<(Operation Operation, string Probe, int Status)>();

        foreach (var operation in operations)
        {
            if (!operation.Secured)
            {
                observed.Add((operation, "anonymous", await SendAsync(App.CreateClient(), operation, projectId, Body.Empty)));
                continue;
            }

            observed.Add((operation, "no token", await SendAsync(App.CreateClient(), operation, projectId, Body.Empty)));
            if (operation.Path.Contains("{projectId}", StringComparison.Ordinal))
            {
                observed.Add((operation, "another user's project", await SendAsync(intruder, operation, projectId, Body.Empty)));
            }

            if (operation.Parameters.Any(p => p != "projectId"))
            {
                observed.Add((operation, "ids that name nothing", await SendAsync(owner, operation, projectId, Body.Empty)));
            }

            if (operation.TakesJson)
            {
                observed.Add((operation, "malformed JSON", await SendAsync(owner, operation, projectId, Body.Malformed)));
            }
        }

        foreach (var operation in operations.Where(o => !o.Secured && o.TakesJson))
        {
            observed.Add((operation, "malformed JSON", await SendAsync(App.CreateClient(), operation, projectId, Body.Malformed)));
        }

        var undocumented = observed
            .Where(o => !o.Operation.Statuses.Contains(o.Status.ToString(CultureInfo.InvariantCulture)))
            .Select(o => $"{o.Operation} answered {o.Status} to {o.Probe}; it documents {string.Join(", ", o.Operation.Statuses)}")
            .ToList();
        Assert.True(observed.Count(o => o.Status is 400 or 401 or 404) >= 100, $"Too few refusals observed ({observed.Count} probes): the probes did not reach the routes.");
        Assert.True(undocumented.Count == 0, string.Join(Environment.NewLine, undocumented));
    }

    private enum Body { Empty, Malformed }

    private static async Task<int> SendAsync(HttpClient client, Operation operation, Guid projectId, Body body)
    {
        var url = operation.Path.Replace("{projectId}", projectId.ToString(), StringComparison.Ordinal);
        foreach (var parameter in operation.Parameters.Where(p => p != "projectId"))
        {
            // Guid-shaped ids are random; a file path, template id or export format that names nothing is "nothing".
            url = url.Replace($"{{{parameter}}}", parameter.EndsWith("Id", StringComparison.Ordinal) && parameter != "templateId"
                ? Guid.NewGuid().ToString() : "nothing", StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), url);
        if (operation.Method is "POST" or "PUT" or "PATCH" || (operation.TakesJson && body == Body.Malformed))
        {
            request.Content = new StringContent(body == Body.Malformed ? "{\"name\": " : "{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        var document = await (await App.CreateClient().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                var op = method.Value;
                operations.Add(new Operation(
                    method.Name.ToUpperInvariant(),
                    path.Name,
                    op.TryGetProperty("summary", out var summary) ? summary.GetString() : null,
                    op.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    op.TryGetProperty("requestBody", out var requestBody) && requestBody.GetProperty("content").TryGetProperty("application/json", out _),
                    [.. op.GetProperty("responses").EnumerateObject().Select(r => r.Name)],
                    [.. op.TryGetProperty("parameters", out var parameters)
                        ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!)
                        : []],
                    op));
            }
        }

        return operations;
    }

    private sealed record Operation(
        string Method, string Path, string? Summary, bool Secured, bool TakesJson, IReadOnlyList<string> Statuses, IReadOnlyList<string> Parameters, JsonElement Element)
    {
        public override string ToString() => $"{Method} {Path}";
    }
}

public sealed class OpenApiDocumentOnSqlite(SqliteApp app) : OpenApiDocumentTests(app);

public sealed class OpenApiDocumentOnPostgres(PostgresApp app) : OpenApiDocumentTests(app);
