using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Projects;

/// <summary>
/// Every route under a project, found from the running app's own route table (so a route added later is
/// covered without touching this test), answers another user exactly as it answers a missing project.
/// </summary>
public abstract partial class OwnershipTests(SocratesApp app) : ApiTest(app)
{
    [Fact]
    public async Task Every_project_route_is_404_for_another_user_and_changes_nothing()
    {
        var owner = (await NewUserAsync()).Client;
        var intruder = (await NewUserAsync()).Client;
        var projectId = await owner.CreateProjectAsync("Private plans");
        var spec = await (await owner.PostJsonAsync($"/api/v1/projects/{projectId}/specifications", new { category = "goals", key = "secret", value = "v" }))
            .ExpectAsync(HttpStatusCode.Created);
        var document = await (await owner.PostJsonAsync($"/api/v1/projects/{projectId}/documents", new { title = "t", content = "c" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await owner.PutJsonAsync($"/api/v1/projects/{projectId}/files", new { path = "src/a.py", content = "x" })).ExpectAsync(HttpStatusCode.Created);
        var values = new Dictionary<string, string>
        {
            ["specificationId"] = spec.GetProperty("id").GetGuid().ToString(),
            ["documentId"] = document.GetProperty("id").GetGuid().ToString(),
            ["path"] = "src/a.py",
        };

        var routes = ProjectRoutes().ToList();
        Assert.True(routes.Count >= 15, $"Expected every project route to be discovered, found {routes.Count}.");

        foreach (var (method, pattern) in routes)
        {
            var url = FillRoute(pattern, projectId, values);
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = JsonContent.Create(new { });
            }

            var response = await intruder.SendAsync(request);
            var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains(projectId.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Nothing the intruder sent took effect.
        await (await owner.GetAsync($"/api/v1/projects/{projectId}")).ExpectAsync(HttpStatusCode.OK);
        var specs = await (await owner.GetAsync($"/api/v1/projects/{projectId}/specifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("v", Assert.Single(specs.GetProperty("items").EnumerateArray()).GetProperty("value").GetString());
        await (await owner.GetAsync($"/api/v1/projects/{projectId}/documents/{values["documentId"]}")).ExpectAsync(HttpStatusCode.OK);
        await (await owner.GetAsync($"/api/v1/projects/{projectId}/files/src/a.py")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_users_project_reads_exactly_like_a_missing_one()
    {
        var owner = (await NewUserAsync()).Client;
        var intruder = (await NewUserAsync()).Client;
        var projectId = await owner.CreateProjectAsync();
        var missingId = Guid.NewGuid();

        var theirs = await (await intruder.GetAsync($"/api/v1/projects/{projectId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var missing = await (await intruder.GetAsync($"/api/v1/projects/{missingId}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(
            missing.GetProperty("detail").GetString()!.Replace(missingId.ToString(), "ID", StringComparison.Ordinal),
            theirs.GetProperty("detail").GetString()!.Replace(projectId.ToString(), "ID", StringComparison.Ordinal));
        Assert.Equal(missing.GetProperty("title").GetString(), theirs.GetProperty("title").GetString());
    }

    private IEnumerable<(string Method, string Pattern)> ProjectRoutes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("{projectId", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct();

    private static string FillRoute(string pattern, Guid projectId, Dictionary<string, string> values) =>
        RouteParameter().Replace(pattern, match =>
        {
            var name = match.Groups["name"].Value;
            return name == "projectId" ? projectId.ToString()
                : values.TryGetValue(name, out var value) ? value
                : match.Groups["constraint"].Value == "guid" ? Guid.NewGuid().ToString()
                : "x";
        });

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z_]+)(:(?<constraint>[a-z]+))?[^}]*\}")]
    private static partial Regex RouteParameter();
}

public sealed class OwnershipOnSqlite(SqliteApp app) : OwnershipTests(app);

public sealed class OwnershipOnPostgres(PostgresApp app) : OwnershipTests(app);
