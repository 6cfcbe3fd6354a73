using System.Net;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Files;

public abstract class GenerateCodeTests(SocratesApp app) : LlmTestBase(app)
{
    /// <param name="text">A specification value that reaches the prompt, and so tells the fake what to answer.</param>
    private static async Task<Guid> ProjectWithSpecsAsync(HttpClient client, string provider, string model, string text)
    {
        var projectId = await ProjectUsingAsync(client, provider, model);
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications",
            new { category = "tech stack", key = "language", value = "Python 3.12" })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications",
            new { category = "notes", key = "fake", value = text })).ExpectAsync(HttpStatusCode.Created);
        return projectId;
    }

    [Fact]
    public async Task Generated_files_are_stored_by_path_replacing_existing_ones()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectWithSpecsAsync(user.Client, "openai", "gpt-5-mini", Say("generate", out var id));
        var old = await (await user.Client.PutJsonAsync($"/api/v1/projects/{projectId}/files", new { path = "src/app.py", content = "old" }))
            .ExpectAsync(HttpStatusCode.Created);

        var generated = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectAsync(HttpStatusCode.OK);

        var files = generated.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["src/app.py", "README.md"], files.Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(old.GetProperty("id").GetGuid(), files[0].GetProperty("id").GetGuid());
        Assert.Equal("print('hi')\n", files[0].GetProperty("content").GetString());
        Assert.Equal("markdown", files[1].GetProperty("language").GetString());
        Assert.Equal(FakeOpenAi.Completion, generated.GetProperty("usage").GetProperty("output_tokens").GetInt64());

        var listed = await (await user.Client.GetAsync($"/api/v1/projects/{projectId}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["README.md", "src/app.py"], listed.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("path").GetString()));

        // The model was asked for structured output with a schema, and shown the specifications.
        var request = Assert.Single(Fakes.For(id)).Body;
        Assert.Equal("json_schema", request["response_format"]?["type"]?.GetValue<string>());
        Assert.Contains("Python 3.12", request.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_generates_code_too()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectWithSpecsAsync(user.Client, "claude", "claude-haiku-4-5", Say("generate", out _));

        var generated = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, generated.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task A_path_escaping_the_project_saves_nothing()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectWithSpecsAsync(user.Client, "local", "qwen2.5-coder:7b", Say("generate-evil", out _));

        var problem = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("..", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await (await user.Client.GetAsync($"/api/v1/projects/{projectId}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_generated_file_where_a_stored_path_needs_a_folder_is_a_409_and_saves_nothing()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectWithSpecsAsync(user.Client, "openai", "gpt-5-mini", Say("generate", out _));
        await (await user.Client.PutJsonAsync($"/api/v1/projects/{projectId}/files", new { path = "README.md/notes.txt", content = "x" }))
            .ExpectAsync(HttpStatusCode.Created);

        var problem = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("README.md", problem.GetProperty("path").GetString());
        Assert.Equal("README.md/notes.txt", problem.GetProperty("clashes_with").GetString());
        var listed = await (await user.Client.GetAsync($"/api/v1/projects/{projectId}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["README.md/notes.txt"], listed.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task A_generated_file_holding_NUL_saves_nothing_on_any_database()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectWithSpecsAsync(user.Client, "local", "qwen2.5-coder:7b", Say("generate-nul", out _));

        var problem = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("src/bad.py", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("NUL", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await (await user.Client.GetAsync($"/api/v1/projects/{projectId}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_answer_that_is_not_the_requested_json_is_a_502()
    {
        var user = await NewUserAsync();
        var projectId = await ProjectWithSpecsAsync(user.Client, "local", "llama3.1:8b", Say("plain", out _));

        var problem = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_without_specifications_is_told_to_add_some()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync();

        var problem = await (await user.Client.PostAsync($"/api/v1/projects/{projectId}/generate-code", null)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("specifications", out _));
    }
}

public sealed class GenerateCodeOnSqlite(SqliteApp<LlmSetup> app) : GenerateCodeTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class GenerateCodeOnPostgres(PostgresApp<LlmSetup> app) : GenerateCodeTests(app), IClassFixture<PostgresApp<LlmSetup>>;
