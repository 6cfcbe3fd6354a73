using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Files;

public abstract class FilesTests(SocratesApp app) : ApiTest(app)
{
    private static readonly string[] SameName = ["a", "a/b"];

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
    [InlineData("src/CON.txt")]
    [InlineData("docs/notes.")]
    [InlineData("what?.md")]
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

    [Fact]
    public async Task A_file_where_a_folder_is_needed_or_the_reverse_is_a_409_naming_both_paths()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/files";
        await (await client.PutJsonAsync(url, new { path = "src/app", content = "a file" })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync(url, new { path = "lib/util/x.py", content = "x" })).ExpectAsync(HttpStatusCode.Created);

        var under = await (await client.PutJsonAsync(url, new { path = "src/app/main.py", content = "x" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(("src/app/main.py", "src/app"), (under.GetProperty("path").GetString(), under.GetProperty("clashes_with").GetString()));
        var over = await (await client.PutJsonAsync(url, new { path = "lib/util", content = "x" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(("lib/util", "lib/util/x.py"), (over.GetProperty("path").GetString(), over.GetProperty("clashes_with").GetString()));
        Assert.Contains("'lib/util/x.py'", over.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var list = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["lib/util/x.py", "src/app"], list.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Concurrent_writes_of_a_file_and_a_folder_of_the_same_name_store_only_one()
    {
        var client = (await NewUserAsync()).Client;
        var projects = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CreateProjectAsync()));

        // Each project gets "a" and "a/b" at the same moment: without the check inside the writing transaction,
        // both could pass it before either is stored.
        var responses = await Task.WhenAll(projects.SelectMany(id => SameName
            .Select(path => client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path, content = "x" }))));

        Assert.Equal(projects.Length, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(projects.Length, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var id in projects)
        {
            var list = await (await client.GetAsync($"/api/v1/projects/{id}/files")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(1, list.GetProperty("items").GetArrayLength());
        }
    }
}

public sealed class FilesOnSqlite(SqliteApp app) : FilesTests(app);

public sealed class FilesOnPostgres(PostgresApp app) : FilesTests(app);
