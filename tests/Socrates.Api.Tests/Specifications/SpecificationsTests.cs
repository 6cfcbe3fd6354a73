using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Specifications;

public abstract class SpecificationsTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Create_list_update_and_delete_a_specification()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/specifications";

        var spec = await (await client.PostJsonAsync(url, new { category = "Tech Stack", key = "database", value = "PostgreSQL", confidence = 0.8 }))
            .ExpectAsync(HttpStatusCode.Created);
        var specId = spec.GetProperty("id").GetGuid();
        Assert.Equal("tech_stack", spec.GetProperty("category").GetString());
        Assert.Equal("user", spec.GetProperty("source").GetString());
        Assert.Equal(0.8, spec.GetProperty("confidence").GetDouble());

        var updated = await (await client.PatchJsonAsync($"{url}/{specId}", new { value = "SQLite", source = "llm" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("SQLite", updated.GetProperty("value").GetString());
        Assert.Equal("llm", updated.GetProperty("source").GetString());
        Assert.Equal(0.8, updated.GetProperty("confidence").GetDouble());

        var list = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("SQLite", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("value").GetString());

        await (await client.DeleteAsync($"{url}/{specId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.DeleteAsync($"{url}/{specId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_batch_is_stored_whole_and_filtered_by_category()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/specifications";

        var batch = await (await client.PostJsonAsync($"{url}/batch", new
        {
            specifications = new object[]
            {
                new { category = "goals", key = "purpose", value = "Track todos" },
                new { category = "goals", key = "audience", value = "Teams" },
                new { category = "api", key = "style", value = "REST", source = "template", confidence = 0.6 },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3, batch.GetProperty("items").GetArrayLength());

        var goals = await (await client.GetAsync($"{url}?category=Goals")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["audience", "purpose"], goals.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task A_batch_with_one_bad_item_stores_nothing()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/specifications";

        var problem = await (await client.PostJsonAsync($"{url}/batch", new
        {
            specifications = new object[]
            {
                new { category = "goals", key = "purpose", value = "Track todos" },
                new { category = "goals", key = "audience", value = "Teams", confidence = 1.5 },
                new { category = "goals", key = "x", value = "y", source = "rumour" },
            },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("specifications[1].confidence", out _));
        Assert.True(errors.TryGetProperty("specifications[2].source", out _));

        Assert.Equal(0, (await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_key_already_in_the_category_is_a_conflict_and_the_batch_is_not_stored()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/specifications";
        await (await client.PostJsonAsync(url, new { category = "goals", key = "purpose", value = "first" })).ExpectAsync(HttpStatusCode.Created);

        await (await client.PostJsonAsync($"{url}/batch", new
        {
            specifications = new object[]
            {
                new { category = "api", key = "style", value = "REST" },
                new { category = "goals", key = "purpose", value = "second" },
            },
        })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var items = (await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items");
        Assert.Equal("first", Assert.Single(items.EnumerateArray()).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Renaming_onto_an_existing_key_is_a_conflict()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}/specifications";
        await (await client.PostJsonAsync(url, new { category = "goals", key = "a", value = "1" })).ExpectAsync(HttpStatusCode.Created);
        var b = await (await client.PostJsonAsync(url, new { category = "goals", key = "b", value = "2" })).ExpectAsync(HttpStatusCode.Created);

        await (await client.PatchJsonAsync($"{url}/{b.GetProperty("id").GetGuid()}", new { key = "a" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Adding_a_specification_touches_the_project()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var before = (await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("updated_at").GetDateTime();
        await Task.Delay(20);
        await (await client.PostJsonAsync($"/api/v1/projects/{id}/specifications", new { category = "goals", key = "k", value = "v" })).ExpectAsync(HttpStatusCode.Created);

        var after = (await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("updated_at").GetDateTime();
        Assert.True(after > before, $"updated_at should move forward ({before:O} -> {after:O}).");
    }
}

public sealed class SpecificationsOnSqlite(SqliteApp app) : SpecificationsTests(app);

public sealed class SpecificationsOnPostgres(PostgresApp app) : SpecificationsTests(app);
