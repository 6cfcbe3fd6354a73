using System.Text.Json;
using Socrates.Api.Export;

namespace Socrates.Api.Tests.Export;

public sealed class JsonExportTests
{
    private static readonly ExportSchema Schema = new(ExportSchema.DefaultPath);

    [Fact]
    public void Hostile_and_large_exports_match_the_schema()
    {
        foreach (var export in new[] { ExportSamples.Hostile(), ExportSamples.Large(500, 5, 20) })
        {
            using var json = JsonDocument.Parse(JsonExporter.Render(export));
            Assert.Empty(Schema.Check(json.RootElement));
        }
    }

    [Fact]
    public void The_schema_rejects_a_missing_field_and_names_where()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(JsonExporter.Render(ExportSamples.Hostile()))!;
        node["specifications"]![0]!.AsObject().Remove("value");
        using var json = JsonDocument.Parse(node.ToJsonString());

        var errors = Schema.Check(json.RootElement);

        Assert.Contains(errors, e => e.Contains("/specifications/0", StringComparison.Ordinal) && e.Contains("value", StringComparison.Ordinal));
    }

    [Fact]
    public void The_export_is_snake_case_and_keeps_values_byte_for_byte()
    {
        var export = ExportSamples.Hostile();
        using var json = JsonDocument.Parse(JsonExporter.Render(export));
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("claude", root.GetProperty("project").GetProperty("llm").GetProperty("provider").GetString());
        Assert.Equal(export.Specifications.Select(s => s.Value), root.GetProperty("specifications").EnumerateArray().Select(s => s.GetProperty("value").GetString()));
        Assert.Equal("print('hi')\n", root.GetProperty("generated_files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "src/main.py").GetProperty("content").GetString());
    }
}
