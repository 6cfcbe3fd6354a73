using System.Text.Json;
using Json.Schema;

namespace Socrates.Api.Export;

/// <summary>
/// The JSON Schema of the JSON export, read from the file shipped beside the server (Export/project-export.schema.json):
/// served to clients, and the first check every JSON import passes.
/// </summary>
public sealed class ExportSchema
{
    public ExportSchema(string path)
    {
        Text = File.ReadAllText(path);
        Schema = JsonSchema.FromText(Text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Export", "project-export.schema.json");

    public string Text { get; }

    public JsonSchema Schema { get; }

    /// <summary>Every failed check as "location: message", in document order; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Check(JsonElement instance)
    {
        // The flag answer is the cheap one; the list of errors is only collected for a file that fails. Formats
        // (date-time) are annotations unless asked for: unchecked, a bad timestamp would only fail in deserialisation.
        if (Schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true }).IsValid)
        {
            return [];
        }

        var results = Schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        return [.. (results.Details ?? [results])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Location(d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()];
    }

    private static string Location(string pointer) => pointer is "" or "#" ? "(root)" : pointer;
}
