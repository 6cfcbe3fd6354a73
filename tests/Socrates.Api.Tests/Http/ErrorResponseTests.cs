using System.Net;
using System.Text;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

public abstract class ErrorResponseTests(SocratesApp app) : ApiTest(app)
{
    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"name\": 42}")]
    public async Task Malformed_json_is_a_400_problem_that_names_the_cause(string body)
    {
        var client = (await NewUserAsync()).Client;
        var response = await client.PostAsync("/api/v1/projects", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total_count").GetInt32());
    }

    [Theory]
    [InlineData("{\"name\": 42}", "$.name")]
    [InlineData("[]", "'$'")]
    [InlineData("{\"name\": \"x\", \"description\": [1]}", "$.description")]
    public async Task A_body_value_of_the_wrong_type_is_named_by_its_path_not_by_a_dotnet_type(string body, string where)
    {
        var client = (await NewUserAsync()).Client;
        var response = await client.PostAsync("/api/v1/projects", new StringContent(body, Encoding.UTF8, "application/json"));

        var detail = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!;
        Assert.Contains(where, detail, StringComparison.Ordinal);
        AssertNamesNoDotnetType(detail);
    }

    [Theory]
    [InlineData("/api/v1/projects?page=abc", "'page' must be a whole number", "abc")]
    [InlineData("/api/v1/projects?page_size=1.5", "'page_size' must be a whole number", "1.5")]
    [InlineData("/api/v1/llm/usage?project_id=nope", "'project_id' must be a UUID", "nope")]
    [InlineData("/api/v1/llm/usage?from=yesterday", "'from' must be a date and time", "yesterday")]
    public async Task A_query_value_that_does_not_parse_is_a_400_naming_the_parameter_in_api_terms(string url, string expected, string value)
    {
        var client = (await NewUserAsync()).Client;

        var detail = (await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!;
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Contains($"\"{value}\"", detail, StringComparison.Ordinal);
        AssertNamesNoDotnetType(detail);
    }

    private static void AssertNamesNoDotnetType(string detail) =>
        Assert.DoesNotMatch(@"System\.|Socrates\.|Microsoft\.|\b(int|Int32|Guid|DateTimeOffset|Nullable)\b", detail);

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_and_nothing_is_saved()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var content = new string('x', (int)SocratesApp.MaxRequestBodyBytes);

        var response = await client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path = "big.txt", content });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(SocratesApp.MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await (await client.GetAsync($"/api/v1/projects/{id}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem_too()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var json = $"{{\"path\":\"big.txt\",\"content\":\"{new string('x', (int)SocratesApp.MaxRequestBodyBytes)}\"}}";
        // No Content-Length: the limit has to hold while the body streams in.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{id}/files") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await (await client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var list = await (await client.GetAsync($"/api/v1/projects/{id}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_with_problems()
    {
        var client = (await NewUserAsync()).Client;
        await (await client.GetAsync("/api/v1/nothing-here")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsync("/api/v1/projects", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Health_reports_both_databases()
    {
        var health = await (await App.CreateClient().GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);
        var provider = App.Provider == Socrates.Api.Persistence.DatabaseProvider.Postgres ? "postgresql" : "sqlite";
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(provider, health.GetProperty("auth").GetProperty("provider").GetString());
        Assert.Equal(provider, health.GetProperty("specs").GetProperty("provider").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = await (await App.CreateClient().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/projects/{projectId}/specifications", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync("/scalar/")).StatusCode);
    }
}

public sealed class ErrorResponsesOnSqlite(SqliteApp app) : ErrorResponseTests(app);

public sealed class ErrorResponsesOnPostgres(PostgresApp app) : ErrorResponseTests(app);
