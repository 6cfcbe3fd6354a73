using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Documents;

public abstract class DocumentsTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Create_list_get_and_delete_a_document()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/documents";
        const string content = "# Notes\r\n\r\n* keep `code` as is\r\n";

        var created = await (await client.PostJsonAsync(url, new { title = "Interview notes", content })).ExpectAsync(HttpStatusCode.Created);
        var documentId = created.GetProperty("id").GetGuid();
        Assert.Equal("user", created.GetProperty("source").GetString());

        var list = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Interview notes", summary.GetProperty("title").GetString());
        Assert.False(summary.TryGetProperty("content", out _));

        var fetched = await (await client.GetAsync($"{url}/{documentId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("# Notes\n\n* keep `code` as is\n", fetched.GetProperty("content").GetString());

        await (await client.DeleteAsync($"{url}/{documentId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{url}/{documentId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_document_needs_a_title_and_content()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var problem = await (await client.PostJsonAsync($"/api/v1/projects/{id}/documents", new { title = "" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("content", out _));
    }
}

public sealed class DocumentsOnSqlite(SqliteApp app) : DocumentsTests(app);

public sealed class DocumentsOnPostgres(PostgresApp app) : DocumentsTests(app);
