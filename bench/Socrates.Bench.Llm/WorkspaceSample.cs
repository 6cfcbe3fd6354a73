using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Socrates.Api.Projects;

namespace Socrates.Bench.Llm;

/// <summary>A project's specifications and documents as a long-running project would hold them, built from a fixed seed.</summary>
internal static class WorkspaceSample
{
    private static readonly string[] Words =
    [
        "billing", "service", "queue", "tenant", "invoice", "latency", "cache", "retry", "schema", "deploy", "region", "audit",
        "token", "session", "export", "import", "search", "index", "report", "budget", "model", "user", "team", "role",
        "webhook", "backup", "restore", "metric", "alert", "upload", "archive", "notify", "policy", "quota", "gateway",
    ];

    private static readonly string[] ExtraCategories = ["glossary", "risks", "constraints", "integrations", "operations", "compliance"];

    /// <summary>Adds <paramref name="specifications"/> specifications (core and other categories) and <paramref name="documents"/> documents.</summary>
    public static async Task FillAsync(HttpClient http, Guid projectId, int specifications, int documents)
    {
        var random = new Random(42);
        var categories = Maturity.CoreCategories.Concat(ExtraCategories).ToArray();
        const int Batch = 2_000;
        for (var start = 0; start < specifications; start += Batch)
        {
            var items = Enumerable.Range(start, Math.Min(Batch, specifications - start)).Select(i => new
            {
                category = categories[i % categories.Length],
                key = $"item_{i}",
                value = Sentence(random, 8 + random.Next(16)),
                confidence = Math.Round(random.NextDouble(), 2),
            }).ToList();
            using var response = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/specifications/batch", new { specifications = items });
            response.EnsureSuccessStatusCode();
        }

        for (var d = 0; d < documents; d++)
        {
            var content = new StringBuilder($"# Notes {d}\n\n");
            for (var paragraph = 0; paragraph < 12; paragraph++)
            {
                content.Append(Sentence(random, 40 + random.Next(30))).Append("\n\n");
            }

            using var response = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/documents",
                new { title = $"Design notes {d}: {Words[d % Words.Length]}", content = content.ToString() });
            response.EnsureSuccessStatusCode();
        }
    }

    public static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

    public static async Task<Guid> CreateProjectAsync(HttpClient http, string name)
    {
        var project = await (await http.PostAsJsonAsync("/api/v1/projects", new { name })).Content.ReadFromJsonAsync<JsonElement>();
        return project.GetProperty("id").GetGuid();
    }
}
