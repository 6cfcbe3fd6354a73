using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// PDFsharp's font resolver for the server: every family is a TrueType file (a regular face and, where one exists,
/// a bold one), so no PDF depends on the fonts a host happens to register. PDFsharp takes one resolver per process,
/// so this one is global and families are added to it.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    private static readonly Lock Gate = new();
    private static PdfFonts? _instance;

    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Regular, string? Bold)> _families = new(StringComparer.OrdinalIgnoreCase);

    private PdfFonts()
    {
    }

    public static PdfFonts Instance
    {
        get
        {
            lock (Gate)
            {
                if (_instance is null)
                {
                    _instance = new PdfFonts();
                    GlobalFontSettings.FontResolver = _instance;
                }

                return _instance;
            }
        }
    }

    /// <summary>Makes a family of a regular file and an optional bold one; without a bold file PDFsharp emboldens the regular face.</summary>
    public void AddFamily(string family, string regularFile, string? boldFile = null) =>
        _families[family] = (Path.GetFullPath(regularFile), boldFile is null ? null : Path.GetFullPath(boldFile));

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!_families.TryGetValue(familyName, out var files))
        {
            return null;
        }

        // No italic faces are used; PDFsharp slants the upright one when asked.
        return bold && files.Bold is not null
            ? new FontResolverInfo(files.Bold, false, italic)
            : new FontResolverInfo(files.Regular, bold, italic);
    }

    public byte[]? GetFont(string faceName) => _faces.GetOrAdd(faceName, File.ReadAllBytes);
}
