using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.GitHub;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.RepositoryImport;

/// <summary>
/// use_llm on import, against the fake GitHub API and the fake Anthropic server (claude is the default model; the
/// app has a system key). The README carries "scenario=… id=…", which reaches the prompt and tells the fake what to do.
/// </summary>
public abstract class GitHubUseLlmTests(SocratesApp app) : ApiTest(app)
{
    private const string CallersKey = "sk-ant-callers-own-key-0123456789abcdef0123456789abcdef";

    private GitHubTestSetup Setup => App.Setup<GitHubTestSetup>();

    private FakeProviders Fakes => Setup.Fakes;

    private static Dictionary<string, string> TeaShop(string readmeExtra) => new()
    {
        ["README.md"] = $"# Shop\n\nA small shop for selling tea online. It has a cart.\n\n## Notes\n\n{readmeExtra}\n",
        ["package.json"] = """{ "name": "shop", "dependencies": { "express": "^4.19.0" } }""",
        ["src/server.ts"] = "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
    };

    private static string Scenario(string scenario, out string id)
    {
        id = Guid.NewGuid().ToString("N");
        return $"id={id} scenario={scenario}";
    }

    private static async Task<List<JsonElement>> SpecificationsAsync(HttpClient client, Guid projectId) =>
        [.. (await (await client.GetAsync($"/api/v1/projects/{projectId}/specifications")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray()];

    private async Task<List<LlmUsage>> UsageRowsAsync(Guid userId)
    {
        await App.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        return await db.Set<LlmUsage>().AsNoTracking().Where(u => u.UserId == userId).OrderBy(u => u.Id).ToListAsync();
    }

    [Fact]
    public async Task Use_llm_stores_the_models_functional_specifications_as_llm_with_capped_confidence_and_records_usage()
    {
        var repo = Setup.Publish(TeaShop(Scenario("github-specs", out var id)));
        var session = await NewUserAsync();

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName, use_llm = true }))
            .ExpectAsync(HttpStatusCode.Created);
        var projectId = imported.GetProperty("project_id").GetGuid();

        // Three of the seven proposals are usable; the others are a duplicate key, a technical category,
        // a repeat of the README description and an empty key.
        Assert.Equal(3, imported.GetProperty("llm_specs_extracted").GetInt32());
        var warning = Assert.Single(imported.GetProperty("warnings").EnumerateArray());
        Assert.Equal("llm_proposals_dropped", warning.GetProperty("code").GetString());
        Assert.Contains("4 of the model's proposals", warning.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var usage = imported.GetProperty("llm_usage");
        Assert.Equal("claude", usage.GetProperty("provider").GetString());
        Assert.Equal(FakeAnthropic.Output, usage.GetProperty("output_tokens").GetInt64());

        var specs = await SpecificationsAsync(session.Client, projectId);
        Assert.Equal(imported.GetProperty("specs_extracted").GetInt32(), specs.Count);
        var llm = specs.Where(s => s.GetProperty("source").GetString() == "llm")
            .ToDictionary(s => $"{s.GetProperty("category").GetString()}/{s.GetProperty("key").GetString()}", s => s);
        Assert.Equal(["features/cart", "goals/purpose", "users/tea_buyers"], llm.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.6, llm["goals/purpose"].GetProperty("confidence").GetDouble()); // the model said 0.9
        Assert.Equal(0.4, llm["users/tea_buyers"].GetProperty("confidence").GetDouble());
        Assert.Equal(0.5, llm["features/cart"].GetProperty("confidence").GetDouble()); // none given
        Assert.Equal("A shopping cart that holds items before checkout.", llm["features/cart"].GetProperty("value").GetString());
        Assert.Contains(specs, s => s.GetProperty("source").GetString() == "github_import" && s.GetProperty("key").GetString() == "commit_sha");

        // The model read the README and the analysis, and was asked for structured output.
        var request = Assert.Single(Fakes.For(id));
        Assert.Equal("claude", request.Provider);
        Assert.Equal(FakeLlmSetup.ClaudeSystemKey, request.ApiKey);
        var prompt = request.Body.ToJsonString();
        Assert.Contains("A small shop for selling tea online", prompt, StringComparison.Ordinal);
        Assert.Contains("Express", prompt, StringComparison.Ordinal);

        // One usage row, against the new project, as for any call.
        var row = Assert.Single(await UsageRowsAsync(session.Id));
        Assert.Equal(projectId, row.ProjectId);
        Assert.Equal(UsageStatus.Ok, row.Status);
        Assert.Equal(FakeAnthropic.Output, row.OutputTokens);
        var report = await (await session.Client.GetAsync($"/api/v1/llm/usage?project_id={projectId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(FakeAnthropic.Output.ToString(System.Globalization.CultureInfo.InvariantCulture), report.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_provider_imports_without_llm_specifications_and_says_so()
    {
        var repo = Setup.Publish(TeaShop(Scenario("fail-all", out var id)));
        var session = await NewUserAsync();

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName, use_llm = true }))
            .ExpectAsync(HttpStatusCode.Created);

        var warning = Assert.Single(imported.GetProperty("warnings").EnumerateArray());
        Assert.Equal("llm_unavailable", warning.GetProperty("code").GetString());
        Assert.Equal(502, warning.GetProperty("status").GetInt32());
        Assert.Contains("without LLM specifications", warning.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, imported.GetProperty("llm_specs_extracted").GetInt32());
        Assert.Equal(JsonValueKind.Null, imported.GetProperty("llm_usage").ValueKind);

        // The project and the derived specifications are all there; nothing from the model.
        var specs = await SpecificationsAsync(session.Client, imported.GetProperty("project_id").GetGuid());
        Assert.NotEmpty(specs);
        Assert.All(specs, s => Assert.Equal("github_import", s.GetProperty("source").GetString()));

        // Each failed attempt was recorded (two attempts, as configured for the tests).
        Assert.Equal(2, Fakes.For(id).Count());
        var rows = await UsageRowsAsync(session.Id);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(UsageStatus.Error, r.Status));
    }

    [Fact]
    public async Task An_answer_that_is_not_the_requested_json_is_a_warning_and_its_usage_is_still_recorded()
    {
        var repo = Setup.Publish(TeaShop(Scenario("plain", out _)));
        var session = await NewUserAsync();

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName, use_llm = true }))
            .ExpectAsync(HttpStatusCode.Created);

        var warning = Assert.Single(imported.GetProperty("warnings").EnumerateArray());
        Assert.Equal("llm_answer_unusable", warning.GetProperty("code").GetString());
        Assert.Contains("JSON", warning.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, imported.GetProperty("llm_specs_extracted").GetInt32());
        Assert.Equal("claude", imported.GetProperty("llm_usage").GetProperty("provider").GetString());
        Assert.Equal(UsageStatus.Ok, Assert.Single(await UsageRowsAsync(session.Id)).Status);
    }

    [Fact]
    public async Task A_used_up_budget_imports_without_calling_the_model()
    {
        var repo = Setup.Publish(TeaShop(Scenario("github-specs", out var id)));
        var session = await NewUserAsync();
        await (await session.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = 0m })).ExpectAsync(HttpStatusCode.OK);

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName, use_llm = true }))
            .ExpectAsync(HttpStatusCode.Created);

        var warning = Assert.Single(imported.GetProperty("warnings").EnumerateArray());
        Assert.Equal("llm_unavailable", warning.GetProperty("code").GetString());
        Assert.Equal(402, warning.GetProperty("status").GetInt32());
        Assert.Empty(Fakes.For(id));
        Assert.Empty(await UsageRowsAsync(session.Id));
        var projects = await (await session.Client.GetAsync("/api/v1/projects")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, projects.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task The_callers_own_key_is_used_before_the_system_key()
    {
        var repo = Setup.Publish(TeaShop(Scenario("github-specs", out var id)));
        var session = await NewUserAsync();
        await (await session.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "claude", api_key = CallersKey }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName, use_llm = true }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(CallersKey, Assert.Single(Fakes.For(id)).ApiKey);
    }

    [Fact]
    public async Task A_repository_without_a_readme_is_imported_without_asking_the_model()
    {
        var files = TeaShop("");
        files.Remove("README.md");
        var repo = Setup.Publish(files);
        var session = await NewUserAsync();

        var imported = await (await session.Client.PostJsonAsync("/api/v1/github/import", new { repo_url = repo.FullName, use_llm = true }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("llm_skipped", Assert.Single(imported.GetProperty("warnings").EnumerateArray()).GetProperty("code").GetString());
        Assert.Empty(await UsageRowsAsync(session.Id));
    }
}

[Collection("GitHub on SQLite")]
public sealed class GitHubUseLlmOnSqlite(SqliteApp<GitHubTestSetup> app) : GitHubUseLlmTests(app);

[Collection("GitHub on PostgreSQL")]
public sealed class GitHubUseLlmOnPostgres(PostgresApp<GitHubTestSetup> app) : GitHubUseLlmTests(app);
