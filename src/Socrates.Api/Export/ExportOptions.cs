using System.ComponentModel.DataAnnotations;

namespace Socrates.Api.Export;

public sealed class ExportOptions
{
    public const string Section = "Export";

    /// <summary>
    /// Largest import upload, in bytes. It replaces Api:MaxRequestBodyBytes for the import endpoint alone, since an
    /// export of a large project is bigger than any other request; 20 MB holds a project of well over 10,000 specifications.
    /// </summary>
    [Range(1024, 1L << 32)]
    public long MaxImportBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// A TrueType font with CJK glyphs (e.g. IPAGothic), used in PDFs instead of the Droid Sans Fallback found in
    /// <see cref="FontDirectories"/>. Relative paths start at the content root.
    /// </summary>
    public string? CjkFontFile { get; set; }

    /// <summary>
    /// Where the PDF export looks for the host fonts it does not ship (CJK and emoji: Debian's fonts-droid-fallback
    /// and fonts-symbola), searched with their subfolders. Empty means /usr/share/fonts.
    /// </summary>
    public string[]? FontDirectories { get; set; }
}
