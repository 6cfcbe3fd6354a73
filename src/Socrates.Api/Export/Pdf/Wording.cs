using System.Globalization;

namespace Socrates.Api.Export.Pdf;

/// <summary>How the PDF states sizes and counts for a reader (a specification's parts: <see cref="Specifications.SpecificationWording"/>).</summary>
public static class Wording
{
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    public static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}s";
}
