using System.Globalization;

namespace Socrates.Api.Specifications;

/// <summary>How the web app and the PDF name a specification's parts for a reader: words rather than identifiers.</summary>
public static class SpecificationWording
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
        [SpecificationSources.User] = "user",
        [SpecificationSources.GitHubImport] = "GitHub import",
        [SpecificationSources.Template] = "template",
        [SpecificationSources.Import] = "imported export",
        [SpecificationSources.Llm] = "model's suggestion",
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

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
