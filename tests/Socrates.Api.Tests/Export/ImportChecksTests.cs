using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Socrates.Api.Tests.Infrastructure;
using static Socrates.Api.Tests.Export.ExportApiTests;

namespace Socrates.Api.Tests.Export;

/// <summary>An import is checked as strictly as the API it replays: every type and format, and the model catalogue.</summary>
public abstract class ImportChecksTests(SocratesApp app) : ApiTest(app)
{
    public static TheoryData<string, string, string> BadShapes => new()
    {
        // (JSON pointer to change, replacement JSON, text the problem must contain)
        { "/schema_version", "\"1\"", "schema_version" },
        { "/exported_at", "\"yesterday\"", "/exported_at" },
        { "/project/created_at", "\"2026-13-45T99:00:00Z\"", "/project/created_at" },
        { "/specifications/0/created_at", "\"not a date\"", "/specifications/0/created_at" },
        { "/specifications/0/value", "42", "/specifications/0/value" },
        { "/documents/0/title", "true", "/documents/0/title" },
        { "/generated_files/0/content", "[]", "/generated_files/0/content" },
        { "/specifications", "null", "/specifications" },
        { "/project/llm", "null", "/project/llm" },
        { "/project/id", "\"not-a-guid\"", "/project/id" },
        { "/specifications/0/confidence", "\"high\"", "/specifications/0/confidence" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public async Task A_wrong_type_or_format_is_a_400_naming_where_and_nothing_is_created(string location, string replacement, string expected)
    {
        var session = await NewUserAsync();
        var node = await ExportOfAsync(session.Client, await FilledProjectAsync(session.Client));
        Replace(node, location, JsonNode.Parse(replacement));

        var problem = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(node.ToJsonString()), "x.json"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await ProjectCountAsync(session.Client));
    }

    [Theory]
    [InlineData("claude", "claude-free-unlimited", "project.llm.model")]
    [InlineData("somewhere", "claude-haiku-4-5", "project.llm.provider")]
    [InlineData("claude", null, "project.llm.model")]
    [InlineData(null, "claude-haiku-4-5", "project.llm.provider")]
    public async Task A_model_outside_the_catalogue_is_refused_as_set_llm_refuses_it(string? provider, string? model, string field)
    {
        var session = await NewUserAsync();
        var node = await ExportOfAsync(session.Client, await session.Client.CreateProjectAsync("Cheap"));
        node["project"]!["llm"] = new JsonObject { ["provider"] = provider, ["model"] = model };

        var problem = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(node.ToJsonString()), "x.json"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.Contains("must be one of", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await ProjectCountAsync(session.Client));
    }

    [Fact]
    public async Task A_catalogued_model_imports_and_is_the_new_projects_choice()
    {
        var session = await NewUserAsync();
        var node = await ExportOfAsync(session.Client, await session.Client.CreateProjectAsync("Chosen"));
        node["project"]!["llm"] = new JsonObject { ["provider"] = "claude", ["model"] = "claude-haiku-4-5" };

        var imported = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(node.ToJsonString()), "x.json"))
            .ExpectAsync(HttpStatusCode.Created);

        var project = imported.GetProperty("project");
        Assert.Equal("claude-haiku-4-5", project.GetProperty("llm_model").GetString());
    }

    [Fact]
    public async Task Files_that_would_make_a_name_both_a_file_and_a_folder_are_a_409_and_nothing_is_created()
    {
        var session = await NewUserAsync();
        var node = await ExportOfAsync(session.Client, await FilledProjectAsync(session.Client));
        var files = node["generated_files"]!.AsArray();
        var folder = files[0]!.DeepClone();
        folder["path"] = "src/app.py/inner.py";
        files.Add(folder);

        var problem = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(node.ToJsonString()), "x.json"))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("src/app.py", problem.GetProperty("path").GetString());
        Assert.Equal("src/app.py/inner.py", problem.GetProperty("clashes_with").GetString());
        Assert.Equal(1, await ProjectCountAsync(session.Client));
    }

    private static async Task<JsonNode> ExportOfAsync(HttpClient client, Guid projectId) =>
        JsonNode.Parse((await (await client.GetAsync($"/api/v1/projects/{projectId}/export/json")).ExpectAsync(HttpStatusCode.OK)).GetRawText())!;

    private static void Replace(JsonNode root, string location, JsonNode? value)
    {
        var parts = location.TrimStart('/').Split('/');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = int.TryParse(part, out var index) ? parent[index]! : parent[part]!;
        }

        if (parent is JsonArray array)
        {
            array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }
}

public sealed class ImportChecksOnSqlite(SqliteApp app) : ImportChecksTests(app);

public sealed class ImportChecksOnPostgres(PostgresApp app) : ImportChecksTests(app);
