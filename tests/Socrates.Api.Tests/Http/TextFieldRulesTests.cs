using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

/// <summary>
/// The character rules for text, tried on every string of every write endpoint's JSON body (the endpoints are
/// read from the app's route table, so one added later fails here until it has a case): NUL is refused everywhere,
/// as PostgreSQL cannot store it; other control characters are refused in one-line fields; nothing is stored.
/// </summary>
public abstract class TextFieldRulesTests(SocratesApp app) : ApiTest(app)
{
    /// <summary>A valid body for one endpoint, and which of its strings are free text (which keep control characters).</summary>
    private sealed record WriteCase(string Endpoint, HttpMethod Method, string Url, JsonObject Body, params string[] FreeText);

    private static List<WriteCase> Cases(Guid projectId, Guid specificationId) =>
    [
        new("Register", HttpMethod.Post, "/api/v1/auth/register",
            new JsonObject { ["email"] = $"nul-{Guid.NewGuid():N}@example.com", ["password"] = "a long password", ["name"] = "Ada" }, "password"),
        new("Login", HttpMethod.Post, "/api/v1/auth/login", new JsonObject { ["email"] = "someone@example.com", ["password"] = "a long password" }, "email", "password"),
        new("ChangePassword", HttpMethod.Post, "/api/v1/auth/password",
            new JsonObject { ["current_password"] = "a long password", ["new_password"] = "another long password" }, "current_password", "new_password"),
        new("CreateProject", HttpMethod.Post, "/api/v1/projects", new JsonObject { ["name"] = "P", ["description"] = "D", ["phase"] = "design" }, "description"),
        new("UpdateProject", HttpMethod.Patch, $"/api/v1/projects/{projectId}", new JsonObject { ["name"] = "P", ["description"] = "D", ["phase"] = "design" }, "description"),
        new("CreateSpecification", HttpMethod.Post, $"/api/v1/projects/{projectId}/specifications",
            new JsonObject { ["category"] = "goals", ["key"] = "k", ["value"] = "v", ["source"] = "user" }, "value"),
        new("CreateSpecifications", HttpMethod.Post, $"/api/v1/projects/{projectId}/specifications/batch",
            new JsonObject { ["specifications"] = new JsonArray(new JsonObject { ["category"] = "goals", ["key"] = "k", ["value"] = "v", ["source"] = "user" }) },
            "specifications[0].value"),
        new("UpdateSpecification", HttpMethod.Patch, $"/api/v1/projects/{projectId}/specifications/{specificationId}",
            new JsonObject { ["category"] = "goals", ["key"] = "k2", ["value"] = "v", ["source"] = "user" }, "value"),
        new("CreateDocument", HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", new JsonObject { ["title"] = "T", ["content"] = "C", ["source"] = "user" }, "content"),
        new("PutFile", HttpMethod.Put, $"/api/v1/projects/{projectId}/files", new JsonObject { ["path"] = "src/a.py", ["content"] = "x", ["language"] = "python" }, "content"),
        new("AddApiKey", HttpMethod.Post, "/api/v1/llm/api-keys", new JsonObject { ["provider"] = "openai", ["api_key"] = "sk-test-1234567890", ["label"] = "L" }),
        new("PutLlmBudget", HttpMethod.Put, "/api/v1/llm/budget", new JsonObject { ["monthly_limit_usd"] = 5 }),
        new("SetProjectLlm", HttpMethod.Post, $"/api/v1/projects/{projectId}/set-llm",
            new JsonObject { ["provider"] = "local", ["model"] = "m", ["fallbacks"] = new JsonArray(new JsonObject { ["provider"] = "local", ["model"] = "m" }) }),
        new("Chat", HttpMethod.Post, $"/api/v1/projects/{projectId}/chat",
            new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }) }, "messages[0].content"),
        new("CreateTemplate", HttpMethod.Post, "/api/v1/templates",
            new JsonObject { ["from_project_id"] = projectId.ToString(), ["name"] = "T", ["description"] = "D" }, "description"),
        new("CreateProjectFromTemplate", HttpMethod.Post, "/api/v1/projects/from-template",
            new JsonObject { ["template_id"] = "web-app", ["name"] = "T", ["description"] = "D" }, "description"),
        new("AnalyzeRepository", HttpMethod.Post, "/api/v1/github/analyze", new JsonObject { ["repo_url"] = "https://github.com/a/b", ["ref"] = "main" }),
        new("ImportRepository", HttpMethod.Post, "/api/v1/github/import",
            new JsonObject { ["repo_url"] = "https://github.com/a/b", ["ref"] = "main", ["project_name"] = "N" }),
        // The body is checked before the conversation, question or proposal is looked up, so made-up ids do.
        new("CreateConversation", HttpMethod.Post, $"/api/v1/projects/{projectId}/conversations", new JsonObject { ["title"] = "T" }),
        new("SendConversationMessage", HttpMethod.Post, $"/api/v1/projects/{projectId}/conversations/{Guid.NewGuid()}/messages",
            new JsonObject { ["content"] = "C" }, "content"),
        new("NextQuestion", HttpMethod.Post, $"/api/v1/projects/{projectId}/questions/next", new JsonObject()),
        new("AnswerQuestion", HttpMethod.Post, $"/api/v1/projects/{projectId}/questions/{Guid.NewGuid()}/answer", new JsonObject { ["text"] = "T" }, "text"),
        new("AcceptProposal", HttpMethod.Post, $"/api/v1/projects/{projectId}/proposals/{Guid.NewGuid()}/accept", new JsonObject { ["value"] = "V" }, "value"),
    ];

    [Fact]
    public void Every_write_endpoint_with_a_JSON_body_has_a_case()
    {
        var covered = Cases(Guid.Empty, Guid.Empty).Select(c => c.Endpoint).ToHashSet();
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH") == true)
            .Where(e => e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains("application/json")))
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName)
            .ToList();

        Assert.Contains("CreateSpecification", endpoints);
        var missing = endpoints.Where(e => !covered.Contains(e!)).ToList();
        Assert.True(missing.Count == 0, $"No case for: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task NUL_in_any_string_of_any_write_body_is_400_naming_the_field_and_stores_nothing()
    {
        var (session, projectId, specificationId) = await ProjectWithOneSpecificationAsync();
        var before = await StoredAsync(session.Client, projectId);
        var tried = 0;

        foreach (var write in Cases(projectId, specificationId))
        {
            foreach (var (path, body) in Variants(write.Body, s => s + "\0x"))
            {
                var problem = await (await SendAsync(session.Client, write, body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
                Assert.Contains("NUL", Names(problem, path, write.Endpoint)[0].GetString(), StringComparison.Ordinal);
                tried++;
            }
        }

        Assert.True(tried >= 35, $"Only {tried} fields were tried.");
        Assert.Equal(before, await StoredAsync(session.Client, projectId));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostJsonAsync("/api/v1/auth/login",
            new { email = "someone@example.com", password = "a long password" })).StatusCode);
    }

    [Fact]
    public async Task A_control_character_in_any_one_line_field_is_400_naming_the_field_and_stores_nothing()
    {
        var (session, projectId, specificationId) = await ProjectWithOneSpecificationAsync();
        var before = await StoredAsync(session.Client, projectId);

        foreach (var write in Cases(projectId, specificationId))
        {
            foreach (var (path, body) in Variants(write.Body, s => s + "\u0007x").Where(v => !write.FreeText.Contains(v.Path)))
            {
                var problem = await (await SendAsync(session.Client, write, body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
                Names(problem, path, write.Endpoint);
            }
        }

        Assert.Equal(before, await StoredAsync(session.Client, projectId));
    }

    [Fact]
    public async Task Free_text_keeps_tabs_line_breaks_and_other_controls_as_sent()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync();
        const string text = "a\tb\r\nc\nd\u000C\u001B[0m\u0007";

        var spec = await (await session.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications", new { category = "goals", key = "k", value = text }))
            .ExpectAsync(HttpStatusCode.Created);
        var file = await (await session.Client.PutJsonAsync($"/api/v1/projects/{projectId}/files", new { path = "a.txt", content = text }))
            .ExpectAsync(HttpStatusCode.Created);
        var document = await (await session.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "T", content = text }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(text, spec.GetProperty("value").GetString());
        Assert.Equal(text, file.GetProperty("content").GetString());
        // A document's line breaks are stored as LF, whichever the client sent; its other characters are kept.
        Assert.Equal(text.ReplaceLineEndings("\n"), document.GetProperty("content").GetString());
    }

    [Fact]
    public async Task NUL_in_a_query_string_is_400_naming_the_parameter()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync();

        var problem = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/specifications?category=goals%00x"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Names(problem, "category", "list");
    }

    [Fact]
    public async Task NUL_or_a_control_character_in_an_imported_file_is_400_naming_the_field_and_creates_nothing()
    {
        var session = await NewUserAsync();
        var (_, projectId, _) = await ProjectWithOneSpecificationAsync(session);
        await (await session.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "T", content = "C" })).ExpectAsync(HttpStatusCode.Created);
        await (await session.Client.PutJsonAsync($"/api/v1/projects/{projectId}/files", new { path = "src/a.py", content = "x" })).ExpectAsync(HttpStatusCode.Created);
        var exported = JsonNode.Parse(await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json")).Content.ReadAsStringAsync())!.AsObject();
        var projects = await ProjectCountAsync(session.Client);
        string[] fields =
        [
            "project.name", "project.description", "specifications[0].category", "specifications[0].key", "specifications[0].value",
            "documents[0].title", "documents[0].content", "documents[0].source",
            "generated_files[0].path", "generated_files[0].language", "generated_files[0].content",
        ];
        string[] freeText = ["project.description", "specifications[0].value", "documents[0].content", "generated_files[0].content"];

        foreach (var (mark, paths) in new[] { ("\0", fields), ("\u0007", fields.Except(freeText).ToArray()) })
        {
            var variants = Variants(exported, s => s + mark + "x").Where(v => paths.Contains(v.Path)).ToList();
            Assert.Equal(paths.Length, variants.Count);
            foreach (var (path, body) in variants)
            {
                using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                var problem = await (await session.Client.PostAsync("/api/v1/projects/import", content)).ExpectProblemAsync(HttpStatusCode.BadRequest);
                Names(problem, path, "import");
            }
        }

        Assert.Equal(projects, await ProjectCountAsync(session.Client));
    }

    [Fact]
    public async Task A_name_or_category_with_nothing_visible_is_400_naming_the_field()
    {
        var (session, projectId, specificationId) = await ProjectWithOneSpecificationAsync();
        var before = await StoredAsync(session.Client, projectId);
        string[] invisible = [" ", "\u200B", "\uFEFF", "\u2060", "\u00A0\u3000", "\u200B \u2028"];
        var spec = $"/api/v1/projects/{projectId}/specifications";

        foreach (var blank in invisible.Select(Regex.Unescape))
        {
            (HttpMethod Method, string Url, object Body, string Field)[] writes =
            [
                (HttpMethod.Post, "/api/v1/projects", new { name = blank }, "name"),
                (HttpMethod.Patch, $"/api/v1/projects/{projectId}", new { name = blank }, "name"),
                (HttpMethod.Post, spec, new { category = blank, key = "k9", value = "v" }, "category"),
                (HttpMethod.Post, spec, new { category = "goals", key = blank, value = "v" }, "key"),
                (HttpMethod.Post, spec, new { category = "goals", key = "k9", value = blank }, "value"),
                (HttpMethod.Post, $"{spec}/batch", new { specifications = new[] { new { category = blank, key = "k9", value = "v" } } }, "specifications[0].category"),
                (HttpMethod.Patch, $"{spec}/{specificationId}", new { key = blank }, "key"),
                (HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", new { title = blank, content = "c" }, "title"),
                (HttpMethod.Put, $"/api/v1/projects/{projectId}/files", new { path = $"src/{blank}/a.py", content = "c" }, "path"),
                (HttpMethod.Post, "/api/v1/templates", new { from_project_id = projectId, name = blank }, "name"),
                (HttpMethod.Post, "/api/v1/auth/register", new { email = $"b-{Guid.NewGuid():N}@example.com", password = "a long password", name = blank }, "name"),
            ];
            foreach (var (method, url, body, field) in writes)
            {
                using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
                var problem = await (await session.Client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest);
                Names(problem, field, url);
            }
        }

        Assert.Equal(before, await StoredAsync(session.Client, projectId));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("---")]
    [InlineData("_")]
    [InlineData("- _ -")]
    public async Task A_category_of_separators_only_is_400_not_stored_as_empty(string category)
    {
        var (session, projectId, specificationId) = await ProjectWithOneSpecificationAsync();
        var spec = $"/api/v1/projects/{projectId}/specifications";

        var created = await (await session.Client.PostJsonAsync(spec, new { category, key = "k9", value = "v" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var updated = await (await session.Client.PatchJsonAsync($"{spec}/{specificationId}", new { category })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Names(created, "category", "create");
        Names(updated, "category", "update");
        var stored = await (await session.Client.GetAsync(spec)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("goals", Assert.Single(stored.GetProperty("items").EnumerateArray()).GetProperty("category").GetString());
    }

    [Fact]
    public async Task Invisible_characters_around_a_name_are_trimmed_like_spaces()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync(Regex.Unescape("\u200B Ada\uFEFF "));
        var spec = await (await session.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications",
            new { category = Regex.Unescape("\u200BTech-Stack\u2060"), key = Regex.Unescape("\uFEFFdb"), value = "v" })).ExpectAsync(HttpStatusCode.Created);

        var project = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ada", project.GetProperty("name").GetString());
        Assert.Equal("tech_stack", spec.GetProperty("category").GetString());
        Assert.Equal("db", spec.GetProperty("key").GetString());
    }

    private async Task<(UserSession Session, Guid ProjectId, Guid SpecificationId)> ProjectWithOneSpecificationAsync(UserSession? session = null)
    {
        session ??= await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync("Fixed name");
        var spec = await (await session.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications", new { category = "goals", key = "k", value = "v" }))
            .ExpectAsync(HttpStatusCode.Created);
        return (session, projectId, spec.GetProperty("id").GetGuid());
    }

    /// <summary>Everything a write could have changed, as the API shows it.</summary>
    private static async Task<string> StoredAsync(HttpClient client, Guid projectId)
    {
        var parts = new List<string>();
        foreach (var url in new[]
        {
            "/api/v1/projects", $"/api/v1/projects/{projectId}", $"/api/v1/projects/{projectId}/specifications", $"/api/v1/projects/{projectId}/documents",
            $"/api/v1/projects/{projectId}/files", "/api/v1/llm/api-keys", "/api/v1/llm/budget", "/api/v1/templates",
        })
        {
            var response = await client.GetAsync(url);
            parts.Add($"{url} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return string.Join('\n', parts);
    }

    /// <summary>Asserts the problem has errors under <paramref name="field"/>, and returns them.</summary>
    private static JsonElement Names(JsonElement problem, string field, string context)
    {
        var messages = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var named) ? named : default;
        Assert.True(messages.ValueKind == JsonValueKind.Array, $"{context}: no error for '{field}' in {problem}");
        return messages;
    }

    private static async Task<int> ProjectCountAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK)).GetProperty("total_count").GetInt32();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, WriteCase write, JsonObject body)
    {
        using var request = new HttpRequestMessage(write.Method, write.Url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        return await client.SendAsync(request);
    }

    /// <summary>
    /// One copy of <paramref name="body"/> per text in it, with that text changed, named by its JSON path; ids are
    /// strings in JSON but not text, and a changed id is malformed JSON before any text rule applies.
    /// </summary>
    private static IEnumerable<(string Path, JsonObject Body)> Variants(JsonObject body, Func<string, string> change)
    {
        foreach (var (path, _) in Strings(body, "").Where(s => !Guid.TryParse(s.Node.GetValue<string>(), out _)))
        {
            var copy = body.DeepClone().AsObject();
            var node = Strings(copy, "").First(s => s.Path == path).Node;
            node.ReplaceWith(JsonValue.Create(change(node.GetValue<string>())));
            yield return (path, copy);
        }
    }

    private static List<(string Path, JsonNode Node)> Strings(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")).ToList(),
        JsonArray a => a.SelectMany((item, i) => Strings(item, $"{path}[{i}]")).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(path, v)],
        _ => [],
    };
}

public sealed class TextFieldRulesOnSqlite(SqliteApp app) : TextFieldRulesTests(app);

public sealed class TextFieldRulesOnPostgres(PostgresApp app) : TextFieldRulesTests(app);
