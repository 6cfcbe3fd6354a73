using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;
using Socrates.Api.Workspace.Context;

namespace Socrates.Api.Tests.Workspace;

/// <summary>
/// The project's specifications and documents are kept between turns (<see cref="ProjectContextCache"/>); these check
/// that a kept copy never outlives a change to the project, whatever path makes the change.
/// </summary>
public abstract class ContextCacheTests(SocratesApp app) : WorkspaceTestBase(app)
{
    [Fact]
    public async Task The_prompt_shows_every_change_made_after_it_was_kept_by_any_path()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync("Kept context");
        var spec = await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications",
            new { category = "features", key = "search", value = "Search by title" })).ExpectAsync(HttpStatusCode.Created);
        var specId = spec.GetProperty("id").GetGuid();
        Assert.Contains("Search by title", await SystemPromptAsync(projectId), StringComparison.Ordinal);

        await (await user.Client.PatchJsonAsync($"/api/v1/projects/{projectId}/specifications/{specId}", new { value = "Search by tag" }))
            .ExpectAsync(HttpStatusCode.OK);
        var edited = await SystemPromptAsync(projectId);
        Assert.Contains("Search by tag", edited, StringComparison.Ordinal);
        Assert.DoesNotContain("Search by title", edited, StringComparison.Ordinal);

        // A bulk update bypasses the application's change tracking entirely: only the database sees it.
        await WithDbAsync(db => db.Specifications.Where(s => s.Id == specId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, "Search by owner")));
        Assert.Contains("Search by owner", await SystemPromptAsync(projectId), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/v1/projects/{projectId}/specifications/{specId}")).StatusCode);
        Assert.DoesNotContain("Search by owner", await SystemPromptAsync(projectId), StringComparison.Ordinal);

        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "Incident runbook", content = "Page the on-call." }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Contains("Incident runbook", await SystemPromptAsync(projectId), StringComparison.Ordinal);

        await WithDbAsync(db => db.Documents.Where(d => d.ProjectId == projectId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Title, "Release runbook")));
        var retitled = await SystemPromptAsync(projectId);
        Assert.Contains("Release runbook", retitled, StringComparison.Ordinal);
        Assert.DoesNotContain("Incident runbook", retitled, StringComparison.Ordinal);

        await WithDbAsync(db => db.Documents.Where(d => d.ProjectId == projectId).ExecuteDeleteAsync());
        Assert.DoesNotContain("Release runbook", await SystemPromptAsync(projectId), StringComparison.Ordinal);

        // The project's own row has no revision of its own; the kept prompt is keyed by the header built from it.
        await (await user.Client.PatchJsonAsync($"/api/v1/projects/{projectId}", new { description = "Now for families too." })).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("Now for families too.", await SystemPromptAsync(projectId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_project_is_served_from_what_was_kept_and_a_change_to_another_project_leaves_it_kept()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync("Kept context");
        var otherId = await user.Client.CreateProjectAsync("Kept context");
        await AddSpecificationsAsync(user.Client, projectId, 20);
        await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "Notes", content = "Some notes." });

        var (specs, documents) = await KeptAsync(projectId);
        Assert.Equal(20, specs.Lines.Count);
        Assert.Same(specs, (await KeptAsync(projectId)).Specifications);
        Assert.Same(await SystemPromptAsync(projectId), await SystemPromptAsync(projectId));

        await AddSpecificationsAsync(user.Client, otherId, 5);
        Assert.Same(specs, (await KeptAsync(projectId)).Specifications);

        await AddSpecificationsAsync(user.Client, projectId, 1, from: 20);
        var (changed, documentsAfter) = await KeptAsync(projectId);
        Assert.NotSame(specs, changed);
        Assert.Equal(21, changed.Lines.Count);
        Assert.True(changed.Revision > specs.Revision);
        // Documents have their own revision: a new specification leaves them kept.
        Assert.Same(documents, documentsAfter);
    }

    [Fact]
    public async Task Writers_racing_on_one_project_are_answered_one_by_one_never_with_a_server_error()
    {
        var user = await NewUserAsync();
        var projectId = await user.Client.CreateProjectAsync("Kept context");
        // Each batch holds keys another holds too, in a different order: writers that took the project's row in a
        // different order from the keys' index entries would deadlock.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            var keys = Enumerable.Range(0, 30).Select(i => (i * (writer + 1) % 31) + (writer * 3));
            using var response = await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications/batch",
                new { specifications = keys.Select(k => new { category = "features", key = $"item_{k}", value = $"Item {k}" }) });
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(HttpStatusCode.Created, responses);
    }

    [Fact]
    public async Task A_message_sent_again_in_a_later_turn_is_the_piece_already_counted()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<ProjectContextCache>();
        var text = $"We ship on Fridays. {Guid.NewGuid()}";

        var first = cache.Message(text);
        Assert.Same(first, cache.Message(new string(text.AsSpan())));
        Assert.NotSame(first, cache.Message(text + " And on Mondays."));
    }

    private static async Task AddSpecificationsAsync(HttpClient client, Guid projectId, int count, int from = 0) =>
        await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/specifications/batch", new
        {
            specifications = Enumerable.Range(from, count).Select(i => new { category = "features", key = $"feature_{i}", value = $"Feature number {i}" }),
        })).ExpectAsync(HttpStatusCode.Created);

    private async Task<string> SystemPromptAsync(Guid projectId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var context = await scope.ServiceProvider.GetRequiredService<ProjectContextBuilder>().BuildAsync(
            new ContextRequest(projectId, "Help.", [], "What next?", "openai", "gpt-5-mini", 400_000, 1_000), CancellationToken.None);
        return context.Messages[0].Text;
    }

    private async Task<(ContextSpecifications Specifications, ContextDocuments Documents)> KeptAsync(Guid projectId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var cache = scope.ServiceProvider.GetRequiredService<ProjectContextCache>();
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId);
        return (await cache.SpecificationsAsync(db, project, CancellationToken.None), await cache.DocumentsAsync(db, project, CancellationToken.None));
    }

    private async Task WithDbAsync(Func<SpecsDb, Task<int>> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        Assert.Equal(1, await change(scope.ServiceProvider.GetRequiredService<SpecsDb>()));
    }
}

public sealed class ContextCacheOnSqlite(SqliteApp<LlmSetup> app) : ContextCacheTests(app), IClassFixture<SqliteApp<LlmSetup>>;

public sealed class ContextCacheOnPostgres(PostgresApp<LlmSetup> app) : ContextCacheTests(app), IClassFixture<PostgresApp<LlmSetup>>;
