using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Files;

public abstract class FilesTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Put_creates_then_replaces_by_path_and_get_and_delete_use_the_path()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/files";

        var created = await (await client.PutJsonAsync(url, new { path = "src\\./app/main.py", content = "print('hi')" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("src/app/main.py", created.GetProperty("path").GetString());
        Assert.Equal("python", created.GetProperty("language").GetString());

        var replaced = await (await client.PutJsonAsync(url, new { path = "src/app/main.py", content = "print('bye')", language = "python3" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("id").GetGuid(), replaced.GetProperty("id").GetGuid());

        var list = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("python3", item.GetProperty("language").GetString());

        var fetched = await (await client.GetAsync($"{url}/src/app/main.py")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("print('bye')", fetched.GetProperty("content").GetString());

        await (await client.DeleteAsync($"{url}/src/app/main.py")).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{url}/src/app/main.py")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("../secrets.txt")]
    [InlineData("src/../../x.py")]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share\\x")]
    [InlineData("C:\\Windows\\x.dll")]
    [InlineData("c:relative.txt")]
    [InlineData("~/x")]
    [InlineData("")]
    [InlineData("./")]
    [InlineData("a/\u0000b")]
    public async Task Unsafe_paths_are_refused_and_nothing_is_written(string path)
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();

        var problem = await (await client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path, content = "x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("path", out _));

        var list = await (await client.GetAsync($"/api/v1/projects/{id}/files")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }
}

public sealed class FilesOnSqlite(SqliteApp app) : FilesTests(app);

public sealed class FilesOnPostgres(PostgresApp app) : FilesTests(app);
