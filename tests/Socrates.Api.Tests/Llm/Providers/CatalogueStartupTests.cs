using System.Net;
using System.Text.Json.Nodes;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Providers;

/// <summary>
/// The model catalogue is checked against the provider implementations as the server starts: a provider nothing
/// implements, or models of a provider the catalogue does not describe, stop it with a message naming them.
/// Each test starts its own server; this is configuration, so SQLite stands for both databases.
/// </summary>
public sealed class CatalogueStartupTests
{
    private static readonly string ShippedCatalogue = Path.Combine(AppContext.BaseDirectory, "Llm", "Providers", "models.json");

    /// <summary>The shipped catalogue changed by <paramref name="edit"/>, written to a file the app is pointed at with Llm:CatalogueFile.</summary>
    private static async Task<SqliteApp> AppWithCatalogueAsync(Action<JsonArray, JsonArray> edit)
    {
        var catalogue = JsonNode.Parse(await File.ReadAllTextAsync(ShippedCatalogue))!;
        edit(catalogue["providers"]!.AsArray(), catalogue["models"]!.AsArray());
        var app = new SqliteApp();
        var path = Path.Combine(app.DataDirectory, "models.json");
        await File.WriteAllTextAsync(path, catalogue.ToJsonString());
        app.Set("Llm:CatalogueFile", path);
        return app;
    }

    private static JsonObject Model(string provider, string id) => new()
    {
        ["provider"] = provider, ["id"] = id, ["display_name"] = id, ["context_window"] = 32768, ["input_per_mtok"] = 1.0, ["output_per_mtok"] = 2.0,
    };

    /// <summary>The shipped catalogue without groq, neither the provider nor its models.</summary>
    private static void WithoutGroq(JsonArray providers, JsonArray models)
    {
        foreach (var entry in providers.Where(p => (string?)p!["id"] == "groq").Concat(models.Where(m => (string?)m!["provider"] == "groq")).ToList())
        {
            entry!.Parent!.AsArray().Remove(entry);
        }
    }

    [Fact]
    public async Task A_catalogue_file_replaces_the_shipped_catalogue()
    {
        await using var app = await AppWithCatalogueAsync(WithoutGroq);
        var user = await app.NewUserAsync();

        var providers = (await (await user.Client.GetAsync("/api/v1/llm/providers")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("id").GetString());

        Assert.Equal(["claude", "openai", "local"], providers);
    }

    [Fact]
    public async Task A_catalogue_provider_without_an_implementation_stops_start_up_naming_it()
    {
        await using var app = await AppWithCatalogueAsync((providers, models) =>
        {
            providers.Add(new JsonObject { ["id"] = "mistral", ["display_name"] = "Mistral" });
            models.Add(Model("mistral", "mistral-large-latest"));
        });

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("provider(s) 'mistral' with no implementation", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'claude'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mistral", "provider(s) 'mistral' with no implementation")]
    [InlineData("groq", "models of provider(s) 'groq' that its \"providers\" list does not describe")]
    public async Task A_configured_model_of_a_provider_the_catalogue_does_not_list_stops_start_up_naming_it(string provider, string expected)
    {
        await using var app = await AppWithCatalogueAsync(WithoutGroq);
        app.Set("Llm:Models:0:Provider", provider)
            .Set("Llm:Models:0:Id", "some-model")
            .Set("Llm:Models:0:DisplayName", "Some model")
            .Set("Llm:Models:0:ContextWindow", "32768")
            .Set("Llm:Models:0:InputPerMtok", "1")
            .Set("Llm:Models:0:OutputPerMtok", "2");

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
