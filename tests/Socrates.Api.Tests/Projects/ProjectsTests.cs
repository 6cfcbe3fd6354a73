using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Projects;

public abstract class ProjectsTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Create_get_update_and_delete_a_project()
    {
        var client = (await NewUserAsync()).Client;

        var created = await (await client.PostJsonAsync("/api/v1/projects", new { name = "  Todo service ", description = "Tracks todos" }))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Todo service", created.GetProperty("name").GetString());
        Assert.Equal("discovery", created.GetProperty("phase").GetString());
        Assert.Equal(0, created.GetProperty("maturity_score").GetInt32());
        Assert.Equal(JsonValueKindNull, created.GetProperty("llm_provider").ValueKind);

        var fetched = await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Tracks todos", fetched.GetProperty("description").GetString());

        var updated = await (await client.PatchJsonAsync($"/api/v1/projects/{id}", new { phase = "design" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("design", updated.GetProperty("phase").GetString());
        Assert.Equal("Todo service", updated.GetProperty("name").GetString());
        Assert.Equal("Tracks todos", updated.GetProperty("description").GetString());
        Assert.True(updated.GetProperty("updated_at").GetDateTime() >= created.GetProperty("updated_at").GetDateTime());

        await (await client.DeleteAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task List_is_paged_newest_first_and_holds_only_own_projects()
    {
        var client = (await NewUserAsync()).Client;
        var other = (await NewUserAsync()).Client;
        await other.CreateProjectAsync("Someone else's");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await client.CreateProjectAsync($"Project {i}"));
        }

        var first = await (await client.GetAsync("/api/v1/projects?page=1&page_size=2")).ExpectAsync(HttpStatusCode.OK);
        var third = await (await client.GetAsync("/api/v1/projects?page=3&page_size=2")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(5, first.GetProperty("total_count").GetInt32());
        Assert.Equal([ids[4], ids[3]], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal([ids[0]], third.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page_size=0")]
    [InlineData("page_size=101")]
    public async Task Bad_paging_is_a_validation_problem(string query)
    {
        var client = (await NewUserAsync()).Client;
        var problem = await (await client.GetAsync($"/api/v1/projects?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Invalid_fields_are_listed_and_nothing_is_saved()
    {
        var client = (await NewUserAsync()).Client;
        var problem = await (await client.PostJsonAsync("/api/v1/projects", new { name = " ", phase = "shipping", description = new string('x', 10_001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("discovery", errors.GetProperty("phase")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("description", out _));

        var list = await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Maturity_is_the_mean_best_confidence_over_core_categories()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        await (await client.PostJsonAsync($"/api/v1/projects/{id}/specifications/batch", new
        {
            specifications = new object[]
            {
                new { category = "goals", key = "purpose", value = "Track todos" },
                new { category = "goals", key = "non_goal", value = "Calendars", confidence = 0.2 },
                new { category = "tech_stack", key = "language", value = "C#", confidence = 0.5 },
                new { category = "colour_scheme", key = "primary", value = "teal" },
            },
        })).ExpectAsync(HttpStatusCode.Created);

        var project = await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
        // goals contributes 1.0 (its best), tech_stack 0.5, the non-core category nothing: 1.5 / 11 core categories.
        Assert.Equal(14, project.GetProperty("maturity_score").GetInt32());

        var listed = await (await client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(14, listed.GetProperty("items")[0].GetProperty("maturity_score").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_project_deletes_what_it_holds()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        await (await client.PostJsonAsync($"/api/v1/projects/{id}/specifications", new { category = "goals", key = "k", value = "v" })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path = "a.txt", content = "x" })).ExpectAsync(HttpStatusCode.Created);

        await (await client.DeleteAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Socrates.Api.Persistence.SpecsDb>();
        Assert.False(db.Specifications.Any(s => s.ProjectId == id));
        Assert.False(db.Files.Any(f => f.ProjectId == id));
    }
}

public sealed class ProjectsOnSqlite(SqliteApp app) : ProjectsTests(app);

public sealed class ProjectsOnPostgres(PostgresApp app) : ProjectsTests(app);
