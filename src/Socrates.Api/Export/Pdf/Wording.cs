using System.Globalization;

namespace Socrates.Api.Export.Pdf;

/// <summary>How the PDF names things for a reader: categories, confidences and sources in words rather than identifiers.</summary>
public static class Wording
{
    private static readonly Dictionary<string, string> Categories = new(StringComparer.Ordinal)
    {
        ["goals"] = "Goals",
        ["users"] = "Users",
        ["features"] = "Features",
        ["requirements"] = "Requirements",
        ["tech_stack"] = "Tech stack",
        ["architecture"] = "Architecture",
        ["data_model"] = "Data model",
        ["api"] = "API",
        ["security"] = "Security",
        ["testing"] = "Testing",
        ["deployment"] = "Deployment",
    };

    private static readonly Dictionary<string, string> Sources = new(StringComparer.Ordinal)
    {
        ["user"] = "user",
        ["github_import"] = "GitHub import",
        ["proposal"] = "accepted proposal",
    };

    /// <summary>"tech_stack" reads "Tech stack"; a category of the user's own gets the same treatment.</summary>
    public static string Category(string category) =>
        Categories.TryGetValue(category, out var name) ? name : Capitalised(category.Replace('_', ' '));

    public static string Source(string source) =>
        Sources.TryGetValue(source, out var name) ? name : source.Replace('_', ' ');

    /// <summary>"90% · confirmed": at least 0.9 is confirmed, at least 0.5 likely, anything less a guess.</summary>
    public static string Confidence(double confidence)
    {
        var word = confidence >= 0.9 ? "confirmed" : confidence >= 0.5 ? "likely" : "guess";
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(confidence * 100, MidpointRounding.AwayFromZero):0}% · {word}");
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    public static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}s";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
