using System.Net;
using System.Text.Json;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Workspace;

/// <summary>Workspace tests: projects whose description tells the fakes to answer as the workspace asks ("socratic").</summary>
public abstract class WorkspaceTestBase(SocratesApp app) : LlmTestBase(app)
{
    /// <summary>A project on the given model whose every model call gets a workspace answer; <paramref name="id"/> finds the fakes' requests.</summary>
    protected static Task<Guid> SocraticProjectAsync(HttpClient client, string provider, string model, out string id)
    {
        var marker = Guid.NewGuid().ToString("N");
        id = marker;
        return CreateAsync();

        async Task<Guid> CreateAsync()
        {
            var created = await (await client.PostJsonAsync("/api/v1/projects",
                    new { name = "Team todos", description = $"A todo app for small teams. scenario=socratic id={marker}" }))
                .ExpectAsync(HttpStatusCode.Created);
            var projectId = created.GetProperty("id").GetGuid();
            await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/set-llm", new { provider, model })).ExpectAsync(HttpStatusCode.OK);
            return projectId;
        }
    }

    protected static async Task<Guid> ConversationAsync(HttpClient client, Guid projectId, string? title = null) =>
        (await (await client.PostJsonAsync($"/api/v1/projects/{projectId}/conversations", new { title })).ExpectAsync(HttpStatusCode.Created))
        .GetProperty("id").GetGuid();

    protected static async Task<JsonElement> SendAsync(HttpClient client, Guid projectId, Guid conversationId, string content, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostJsonAsync($"/api/v1/projects/{projectId}/conversations/{conversationId}/messages", new { content });
        return expected == HttpStatusCode.OK ? await response.ExpectAsync(expected) : await response.ExpectProblemAsync(expected);
    }

    protected static async Task<JsonElement> GetAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

    protected static string[] Strings(JsonElement array, string property) =>
        [.. array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!)];
}
