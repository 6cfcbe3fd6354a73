using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Http;

/// <summary>
/// Requests racing on the same rows: the loser of a race is told the resource is gone (404) or to try again (409),
/// never 500, and what is left in the database is what one of the orders of the requests would have left.
/// </summary>
public abstract class ConcurrentWriteTests(SocratesApp app) : ApiTest(app)
{
    private const int Racers = 10;

    [Fact]
    public async Task Ten_deletes_of_one_project_delete_it_once_and_the_rest_are_404()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();

        await OneWinsAsync(_ => client.DeleteAsync($"/api/v1/projects/{id}"));
        await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ten_deletes_of_one_specification_document_or_file_delete_each_once()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var spec = await (await client.PostJsonAsync($"/api/v1/projects/{id}/specifications", new { category = "goals", key = "k", value = "v" }))
            .ExpectAsync(HttpStatusCode.Created);
        var document = await (await client.PostJsonAsync($"/api/v1/projects/{id}/documents", new { title = "t", content = "c" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path = "src/a.py", content = "x" })).ExpectAsync(HttpStatusCode.Created);

        var specUrl = $"/api/v1/projects/{id}/specifications/{spec.GetProperty("id").GetGuid()}";
        var documentUrl = $"/api/v1/projects/{id}/documents/{document.GetProperty("id").GetGuid()}";
        var fileUrl = $"/api/v1/projects/{id}/files/src/a.py";
        await OneWinsAsync(_ => client.DeleteAsync(specUrl));
        await OneWinsAsync(_ => client.DeleteAsync(documentUrl));
        await OneWinsAsync(_ => client.DeleteAsync(fileUrl));

        await (await client.GetAsync(specUrl)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(documentUrl)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(fileUrl)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ten_deletes_of_one_template_delete_it_once()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var template = await (await client.PostJsonAsync("/api/v1/templates", new { from_project_id = id, name = "Mine" }))
            .ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/templates/{template.GetProperty("id").GetString()}";

        await OneWinsAsync(_ => client.DeleteAsync(url));
        await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Updates_racing_the_delete_of_a_specification_are_applied_or_404()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();
        var spec = await (await client.PostJsonAsync($"/api/v1/projects/{id}/specifications", new { category = "goals", key = "k", value = "v" }))
            .ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/projects/{id}/specifications/{spec.GetProperty("id").GetGuid()}";

        var statuses = await RaceAsync(i => i == 0 ? client.DeleteAsync(url) : client.PatchJsonAsync(url, new { value = $"v{i}" }));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
        Assert.Contains(HttpStatusCode.NoContent, statuses);
        await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_racing_the_delete_of_their_project_are_saved_or_404_and_leave_nothing_behind()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();

        var statuses = await RaceAsync(i => (i % 5) switch
        {
            0 when i == 0 => client.DeleteAsync($"/api/v1/projects/{id}"),
            0 => client.PatchJsonAsync($"/api/v1/projects/{id}", new { name = $"renamed {i}" }),
            1 => client.PostJsonAsync($"/api/v1/projects/{id}/documents", new { title = $"t{i}", content = "c" }),
            2 => client.PostJsonAsync($"/api/v1/projects/{id}/specifications", new { category = "goals", key = $"k{i}", value = "v" }),
            3 => client.PutJsonAsync($"/api/v1/projects/{id}/files", new { path = $"f{i}.py", content = "x" }),
            _ => client.PostJsonAsync("/api/v1/templates", new { from_project_id = id, name = $"t{i}" }),
        });

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
        if (statuses[0] == HttpStatusCode.Conflict)
        {
            // The database chose the delete as the loser of a lock cycle: it was rolled back, and said so.
            await (await client.DeleteAsync($"/api/v1/projects/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        }

        Assert.Contains(statuses[0], new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict });
        await (await client.GetAsync($"/api/v1/projects/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        Assert.Equal(0, await db.Documents.CountAsync(d => d.ProjectId == id, TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Specifications.CountAsync(s => s.ProjectId == id, TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Files.CountAsync(f => f.ProjectId == id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ten_puts_of_one_budget_leave_one_budget_with_one_of_their_limits()
    {
        var client = (await NewUserAsync()).Client;
        var id = await client.CreateProjectAsync();

        var statuses = await RaceAsync(i => client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 10 + i, project_id = id }));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(HttpStatusCode.OK, statuses);

        var budgets = await (await client.GetAsync("/api/v1/llm/budget")).ExpectAsync(HttpStatusCode.OK);
        var budget = Assert.Single(budgets.GetProperty("items").EnumerateArray());
        Assert.InRange(budget.GetProperty("monthly_limit_usd").GetDecimal(), 10, 10 + Racers - 1);
    }

    /// <summary>Runs the same delete ten times at once: exactly one deletes (204), every other one is told it is gone (404).</summary>
    private static async Task OneWinsAsync(Func<int, Task<HttpResponseMessage>> delete)
    {
        var statuses = await RaceAsync(delete);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
        Assert.Single(statuses, HttpStatusCode.NoContent);
    }

    /// <summary>Starts <see cref="Racers"/> requests together and returns their statuses in order; a 500 fails with its body.</summary>
    private static async Task<HttpStatusCode[]> RaceAsync(Func<int, Task<HttpResponseMessage>> request)
    {
        using var start = new Barrier(Racers);
        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return request(i);
        })));

        foreach (var response in responses)
        {
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return [.. responses.Select(r => r.StatusCode)];
    }
}

public sealed class ConcurrentWritesOnSqlite(SqliteApp app) : ConcurrentWriteTests(app);

public sealed class ConcurrentWritesOnPostgres(PostgresApp app) : ConcurrentWriteTests(app);
