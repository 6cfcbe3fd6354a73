using System.Text.Encodings.Web;
using System.Text.Json;

namespace Socrates.Api.Export;

/// <summary>The JSON export: <see cref="ProjectExport"/> as it is, snake_case and indented, non-ASCII text left readable.</summary>
public static class JsonExporter
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        IndentSize = 2,
        // A download, never embedded in HTML, so text stays as written.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Render(ProjectExport export) => JsonSerializer.SerializeToUtf8Bytes(export, Options);
}
