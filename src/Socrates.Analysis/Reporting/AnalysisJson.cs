using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Socrates.Analysis.Reporting;

/// <summary>
/// The analysis as the command lines print it with --json: snake_case like the API, indented, and
/// source-generated so the Native AOT build serialises without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true)]
[JsonSerializable(typeof(RepositoryAnalysis))]
public sealed partial class AnalysisJson : JsonSerializerContext
{
    /// <summary>Readable non-ASCII (a licence holder's name, a README in any language) instead of \u escapes.</summary>
    private static readonly AnalysisJson Relaxed = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(RepositoryAnalysis analysis) => JsonSerializer.Serialize(analysis, Relaxed.RepositoryAnalysis);
}
