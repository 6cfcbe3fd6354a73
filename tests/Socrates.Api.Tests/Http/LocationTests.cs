using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

/// <summary>
/// Every 201 answers a Location a client can follow to the resource it made, whatever characters the user put in
/// its path: a header that could not be written would turn a committed write into a 500.
/// </summary>
public abstract class LocationTests(SocratesApp app) : ApiTest(app)
{
    [Theory]
    [InlineData("src/café.py")]
    [InlineData("docs/read me.md")]
    [InlineData("notes/#1.txt")]
    [InlineData("what&why=+1.txt")]
    [InlineData("100%/done.txt")]
    [InlineData("a%2Fb.txt")]
    [InlineData("日本語/ファイル.ts")]
    public async Task A_created_file_answers_a_Location_that_gets_it_back(string path)
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();

        var response = await client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path, content = "x" });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(path, created.GetProperty("path").GetString());

        var location = response.Headers.Location!;
        Assert.True(location.OriginalString.All(char.IsAscii), location.OriginalString);
        var fetched = await (await client.GetAsync(location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("id").GetGuid(), fetched.GetProperty("id").GetGuid());
        Assert.Equal(path, fetched.GetProperty("path").GetString());

        // Written once: a second PUT replaces it (200), it does not add another.
        await (await client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path, content = "y" })).ExpectAsync(HttpStatusCode.OK);
        var list = await (await client.GetAsync($"/api/v1/projects/{id}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Every_created_resource_answers_a_Location_that_gets_it_back()
    {
        var client = (await NewUserAsync()).Client;
        const string name = "Café #1? 100% done";

        var project = await client.PostJsonAsync("/api/v1/projects", new { name });
        var projectId = (await FollowAsync(client, project)).GetProperty("id").GetGuid();

        var document = await client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = name, content = "ü" });
        Assert.Equal(name, (await FollowAsync(client, document)).GetProperty("title").GetString());

        var spec = await client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications", new { category = "goals", key = "clé #?", value = name });
        Assert.Equal("clé #?", (await FollowAsync(client, spec)).GetProperty("key").GetString());

        var template = await client.PostJsonAsync("/api/v1/templates", new { from_project_id = projectId, name });
        Assert.Equal(name, (await FollowAsync(client, template)).GetProperty("name").GetString());

        var started = await client.PostJsonAsync("/api/v1/projects/from-template", new { template_id = "rest-api-service", name });
        Assert.Equal(name, (await FollowAsync(client, started)).GetProperty("name").GetString());
    }

    /// <summary>Asserts the 201, follows its Location and returns what it points at, which must be what was created.</summary>
    private static async Task<System.Text.Json.JsonElement> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var location = response.Headers.Location;
        Assert.NotNull(location);
        var fetched = await (await client.GetAsync(location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("id").ToString(), fetched.GetProperty("id").ToString());
        return fetched;
    }
}

public sealed class LocationsOnSqlite(SqliteApp app) : LocationTests(app);

public sealed class LocationsOnPostgres(PostgresApp app) : LocationTests(app);
