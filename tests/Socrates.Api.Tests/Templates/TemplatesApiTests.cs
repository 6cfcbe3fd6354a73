using System.Net;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Templates;

public abstract class TemplatesApiTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task The_list_has_the_built_in_templates_with_everything_a_client_shows()
    {
        var session = await NewUserAsync();

        var list = await (await session.Client.GetAsync("/api/v1/templates")).ExpectAsync(HttpStatusCode.OK);

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count >= 6);
        Assert.All(items, t =>
        {
            Assert.True(t.GetProperty("built_in").GetBoolean());
            Assert.False(string.IsNullOrEmpty(t.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(t.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(t.GetProperty("description").GetString()));
            Assert.NotEmpty(t.GetProperty("categories").EnumerateArray());
            Assert.NotEmpty(t.GetProperty("specifications").EnumerateArray());
            Assert.NotEmpty(t.GetProperty("open_questions").EnumerateArray());
        });
    }

    [Fact]
    public async Task A_project_from_a_template_starts_with_its_specifications()
    {
        var session = await NewUserAsync();
        var template = (await (await session.Client.GetAsync("/api/v1/templates")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "rest-api-service");

        var project = await (await session.Client.PostJsonAsync("/api/v1/projects/from-template",
            new { template_id = "rest-api-service", name = "Orders API" })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("Orders API", project.GetProperty("name").GetString());
        Assert.Equal(template.GetProperty("description").GetString(), project.GetProperty("description").GetString());
        Assert.True(project.GetProperty("maturity_score").GetInt32() > 0);
        var specs = (await (await session.Client.GetAsync($"/api/v1/projects/{project.GetProperty("id").GetGuid()}/specifications"))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(template.GetProperty("specifications").GetArrayLength(), specs.Count);
        Assert.All(specs, s => Assert.Equal("template", s.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task An_unknown_template_is_404_and_a_missing_name_is_400()
    {
        var session = await NewUserAsync();

        await (await session.Client.PostJsonAsync("/api/v1/projects/from-template", new { template_id = "no-such-template", name = "X" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var problem = await (await session.Client.PostJsonAsync("/api/v1/projects/from-template", new { template_id = "cli" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_private_template_is_made_from_a_project_used_and_deleted_by_its_owner_only()
    {
        var owner = await NewUserAsync();
        var projectId = await owner.Client.CreateProjectAsync("Source");
        await (await owner.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications/batch", new
        {
            specifications = new object[]
            {
                new { category = "goals", key = "purpose", value = "Track orders", confidence = 0.9 },
                new { category = "custom stuff", key = "note", value = "Kept too" },
            },
        })).ExpectAsync(HttpStatusCode.Created);

        var template = await (await owner.Client.PostJsonAsync("/api/v1/templates", new { from_project_id = projectId, name = "My starter" }))
            .ExpectAsync(HttpStatusCode.Created);
        var templateId = template.GetProperty("id").GetString()!;
        Assert.False(template.GetProperty("built_in").GetBoolean());
        Assert.Equal(["goals", "custom_stuff"], template.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(template.GetProperty("open_questions").EnumerateArray(), q => q.GetString()!.Contains("'security'", StringComparison.Ordinal));

        var stranger = await NewUserAsync();
        var strangerList = await (await stranger.Client.GetAsync("/api/v1/templates")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(strangerList.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == templateId);
        await (await stranger.Client.PostJsonAsync("/api/v1/projects/from-template", new { template_id = templateId, name = "Theft" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/api/v1/templates/{templateId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostJsonAsync("/api/v1/templates", new { from_project_id = projectId, name = "Theft" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var copy = await (await owner.Client.PostJsonAsync("/api/v1/projects/from-template", new { template_id = templateId, name = "Copy", description = "Mine" }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Mine", copy.GetProperty("description").GetString());
        var copied = (await (await owner.Client.GetAsync($"/api/v1/projects/{copy.GetProperty("id").GetGuid()}/specifications")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(s => (s.GetProperty("category").GetString(), s.GetProperty("key").GetString(), s.GetProperty("value").GetString())).Order();
        Assert.Equal([("custom_stuff", "note", "Kept too"), ("goals", "purpose", "Track orders")], copied);

        var ownList = await (await owner.Client.GetAsync("/api/v1/templates")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(ownList.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == templateId);
        await (await owner.Client.DeleteAsync($"/api/v1/templates/{templateId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.Client.DeleteAsync($"/api/v1/templates/{templateId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Built_in_templates_cannot_be_deleted()
    {
        var session = await NewUserAsync();

        await (await session.Client.DeleteAsync("/api/v1/templates/rest-api-service")).ExpectProblemAsync(HttpStatusCode.Conflict);
    }
}

public sealed class TemplatesOnSqlite(SqliteApp app) : TemplatesApiTests(app);

public sealed class TemplatesOnPostgres(PostgresApp app) : TemplatesApiTests(app);
