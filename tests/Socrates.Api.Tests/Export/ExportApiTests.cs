using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Socrates.Api.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Socrates.Api.Tests.Export;

public abstract class ExportApiTests(SocratesApp app) : ApiTest(app)
{
    private static readonly string[] Values =
    [
        "# heading? | pipe | *star* `tick` <script>x</script>",
        "line one\nline two\n\n- not a list",
        "  padded  ",
        "Ελληνικά и кириллица ✓",
    ];

    [Fact]
    public async Task Markdown_export_is_an_attachment_with_a_slug_and_a_UTF8_name()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync("Café «Menü» / v2");

        var response = await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/markdown");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("cafe-menu-v2.md", disposition.FileName?.Trim('"'));
        Assert.Equal("Café «Menü» / v2.md", disposition.FileNameStar);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("json")]
    [InlineData("pdf")]
    [InlineData("code")]
    public async Task Another_users_project_is_not_found_in_any_format(string format)
    {
        var owner = await NewUserAsync();
        var projectId = await owner.Client.CreateProjectAsync();
        await AddFileAsync(owner.Client, projectId, "src/app.py", "print(1)");
        var stranger = await NewUserAsync();

        await (await stranger.Client.GetAsync($"/api/v1/projects/{projectId}/export/{format}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await App.CreateClient().GetAsync($"/api/v1/projects/{projectId}/export/{format}")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_format_is_a_404_naming_the_formats()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync();

        var problem = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/docx")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("markdown, json, pdf, code", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_export_validates_against_the_served_schema()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);

        var schemaResponse = await App.CreateClient().GetAsync("/api/v1/schemas/project-export.json");
        await schemaResponse.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/schema+json", schemaResponse.Content.Headers.ContentType?.MediaType);
        var schema = JsonSchema.FromText(await schemaResponse.Content.ReadAsStringAsync(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

        var response = await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json");
        var export = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("filled-project.json", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));

        var result = schema.Evaluate(export, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, JsonSerializer.Serialize(result.Details?.Where(d => d.Errors is not null).Select(d => d.Errors)));
        Assert.Equal(Values.Order(), export.GetProperty("specifications").EnumerateArray().Select(s => s.GetProperty("value").GetString()).Order());
        Assert.Equal("print('hi')\n", export.GetProperty("generated_files")[0].GetProperty("content").GetString());
        Assert.Equal(1, export.GetProperty("schema_version").GetInt32());
    }

    [Fact]
    public async Task Code_export_without_generated_files_is_a_404_with_a_hint()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync();

        var problem = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/code")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("no generated files", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_export_is_a_deterministic_zip_of_the_files_and_the_specification()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);

        var first = await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/code");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/zip", first.Content.Headers.ContentType?.MediaType);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        var again = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/code")).Content.ReadAsByteArrayAsync();

        Assert.Equal(bytes, again);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal(["README.md", "SPECIFICATIONS.md", "src/app.py"], zip.Entries.Select(e => e.FullName));
        var markdown = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/markdown")).Content.ReadAsStringAsync();
        using var reader = new StreamReader(zip.GetEntry("SPECIFICATIONS.md")!.Open());
        Assert.Equal(markdown, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Pdf_export_reads_back_with_every_value_and_the_metadata()
    {
        var session = await NewUserAsync("Grace Hopper");
        var projectId = await FilledProjectAsync(session.Client);

        var response = await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal("Filled project", pdf.Information.Title);
        Assert.Equal("Grace Hopper", pdf.Information.Author);
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        // Values are read from their table column, where a wrapped value's lines follow one another.
        var values = string.Concat(PdfExportTests.ColumnText(bytes, 1).Where(c => !char.IsWhiteSpace(c)));
        Assert.All(Values.SelectMany(v => v.Split('\n')).Where(l => l.Trim().Length > 0),
            line => Assert.Contains(string.Concat(line.Where(c => !char.IsWhiteSpace(c))), values, StringComparison.Ordinal));
        Assert.Contains($"page1of{pdf.NumberOfPages}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_round_trip_gives_the_same_export_ids_and_times_aside()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);
        var exported = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json")).Content.ReadAsByteArrayAsync();

        var imported = await (await ImportAsync(session.Client, exported, "export.json")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("json", imported.GetProperty("format").GetString());
        var newId = imported.GetProperty("project").GetProperty("id").GetGuid();
        Assert.NotEqual(projectId, newId);
        var again = await (await session.Client.GetAsync($"/api/v1/projects/{newId}/export/json")).Content.ReadAsByteArrayAsync();

        Assert.Equal(WithoutIdsAndTimes(exported), WithoutIdsAndTimes(again));
    }

    [Fact]
    public async Task Markdown_round_trip_gives_the_same_text()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client, withFile: false);
        var exported = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/markdown")).Content.ReadAsStringAsync();

        var imported = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(exported), "export.md")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("markdown", imported.GetProperty("format").GetString());
        Assert.Equal(Values.Length, imported.GetProperty("specifications").GetInt32());
        var newId = imported.GetProperty("project").GetProperty("id").GetGuid();
        var again = await (await session.Client.GetAsync($"/api/v1/projects/{newId}/export/markdown")).Content.ReadAsStringAsync();

        Assert.Equal(exported, again);
    }

    [Fact]
    public async Task Markdown_import_says_generated_files_were_not_in_it()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);
        var exported = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/markdown")).Content.ReadAsByteArrayAsync();

        var imported = await (await ImportAsync(session.Client, exported, "export.md")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(0, imported.GetProperty("generated_files").GetInt32());
        Assert.Contains("JSON export", imported.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_JSON_body_imports_too_even_with_a_byte_order_mark()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);
        var exported = await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json")).Content.ReadAsByteArrayAsync();

        var content = new ByteArrayContent([.. Encoding.UTF8.Preamble, .. exported]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await (await session.Client.PostAsync("/api/v1/projects/import", content)).ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{ this is not json", "Not JSON")]
    [InlineData("{\"name\": \"x\"}", "schema_version")]
    [InlineData("{\"schema_version\": 2}", "newer Socrates")]
    [InlineData("{\"schema_version\": 0}", "never a Socrates export")]
    [InlineData("just some text", "neither JSON nor")]
    [InlineData("# A heading\n\nNot an export", "neither JSON nor")]
    public async Task Bad_files_are_400_problems_naming_the_problem(string body, string expected)
    {
        var session = await NewUserAsync();

        var problem = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(body), "bad.json")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("detail").GetString() + problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_and_empty_uploads_are_400()
    {
        var session = await NewUserAsync();

        var binary = await (await ImportAsync(session.Client, [0x7B, 0xFF, 0xFE, 0x00], "x.json")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("not UTF-8", binary.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await ImportAsync(session.Client, [], "x.json")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await ProjectCountAsync(session.Client));
    }

    [Fact]
    public async Task A_missing_field_is_named_and_nothing_is_created()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);
        var node = JsonNode.Parse(await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json")).Content.ReadAsStringAsync())!;
        node["specifications"]![1]!.AsObject().Remove("key");

        var problem = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(node.ToJsonString()), "x.json")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("/specifications/1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await ProjectCountAsync(session.Client));
    }

    [Fact]
    public async Task A_file_that_breaks_a_rule_after_the_first_items_leaves_nothing_behind()
    {
        var session = await NewUserAsync();
        var projectId = await FilledProjectAsync(session.Client);
        var node = JsonNode.Parse(await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json")).Content.ReadAsStringAsync())!;
        var specs = node["specifications"]!.AsArray();
        specs.Add(specs[0]!.DeepClone()); // the same key twice in one category
        node["generated_files"]![0]!["path"] = "../outside.py";

        var problem = await (await ImportAsync(session.Client, Encoding.UTF8.GetBytes(node.ToJsonString()), "x.json")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty($"specifications[{Values.Length}].key", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("generated_files[0].path", out _), errors.ToString());
        Assert.Equal(1, await ProjectCountAsync(session.Client));
    }

    [Fact]
    public async Task A_50_MB_upload_is_413()
    {
        var session = await NewUserAsync();

        var problem = await (await ImportAsync(session.Client, new byte[50 * 1024 * 1024], "huge.json")).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await ProjectCountAsync(session.Client));
    }

    [Fact]
    public async Task An_import_larger_than_the_general_body_limit_is_accepted()
    {
        var session = await NewUserAsync();
        var projectId = await session.Client.CreateProjectAsync("Big");
        var padding = new string('x', (int)SocratesApp.MaxRequestBodyBytes);
        await (await session.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "small", content = "x" })).ExpectAsync(HttpStatusCode.Created);
        var node = JsonNode.Parse(await (await session.Client.GetAsync($"/api/v1/projects/{projectId}/export/json")).Content.ReadAsStringAsync())!;
        node["documents"]![0]!["content"] = padding;
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
        Assert.True(bytes.Length > SocratesApp.MaxRequestBodyBytes);

        var imported = await (await ImportAsync(session.Client, bytes, "big.json")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(1, imported.GetProperty("documents").GetInt32());
    }

    internal static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/projects/import", form);
    }

    internal static async Task<int> ProjectCountAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK)).GetProperty("total_count").GetInt32();

    internal static async Task<Guid> FilledProjectAsync(HttpClient client, bool withFile = true)
    {
        var projectId = await client.CreateProjectAsync("Filled project");
        await (await client.PatchJsonAsync($"/api/v1/projects/{projectId}", new { description = "Line one\nline *two*", phase = "design" })).ExpectAsync(HttpStatusCode.OK);
        var specs = Values.Select((v, i) => new { category = i % 2 == 0 ? "goals" : "odd | category", key = $"key `{i}` #", value = v, confidence = 0.25 * i, source = i == 0 ? "llm" : "user" });
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications/batch", new { specifications = specs })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "Notes `x`", content = "# Doc\n\n```\ncode\n```\n" })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "Second", content = "more" })).ExpectAsync(HttpStatusCode.Created);
        if (withFile)
        {
            await AddFileAsync(client, projectId, "src/app.py", "print('hi')\n");
        }

        return projectId;
    }

    private static async Task AddFileAsync(HttpClient client, Guid projectId, string path, string content) =>
        await (await client.PutJsonAsync($"/api/v1/projects/{projectId}/files", new { path, content })).ExpectAsync(HttpStatusCode.Created);

    private static string WithoutIdsAndTimes(byte[] json)
    {
        var node = JsonNode.Parse(json)!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var name in new[] { "id", "created_at", "updated_at", "exported_at" })
                    {
                        o.Remove(name);
                    }

                    foreach (var (_, child) in o.ToList())
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
                default:
                    break;
            }
        }
    }
}

public sealed class ExportOnSqlite(SqliteApp app) : ExportApiTests(app);

public sealed class ExportOnPostgres(PostgresApp app) : ExportApiTests(app);
