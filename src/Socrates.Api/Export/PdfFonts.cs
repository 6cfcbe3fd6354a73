using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Socrates.Api.Export;

/// <summary>
/// PDFsharp's font resolver for the server: DejaVu Sans (shipped in Export/Fonts, Bitstream Vera licence) for
/// Latin, Greek and Cyrillic, and any CJK font file an operator configured, so no PDF depends on the fonts a host
/// happens to have. PDFsharp takes one resolver per process, so this one is global and fonts are added to it.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static PdfFonts? _instance;

    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _extraFamilies = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>Makes a TrueType file available as a family of its own and returns the family name to ask for.</summary>
    public string AddFontFile(string path)
    {
        var full = Path.GetFullPath(path);
        var family = "Socrates extra " + (uint)StringComparer.Ordinal.GetHashCode(full);
        _faces.GetOrAdd(full, File.ReadAllBytes);
        _extraFamilies[family] = full;
        return family;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (familyName.Equals(Family, StringComparison.OrdinalIgnoreCase))
        {
            // No italic face is shipped; PDFsharp slants the regular one when asked.
            return new FontResolverInfo(bold ? Bold : Regular, false, italic);
        }

        return _extraFamilies.TryGetValue(familyName, out var path) ? new FontResolverInfo(path, bold, italic) : null;
    }

    public byte[]? GetFont(string faceName) => faceName switch
    {
        Regular or Bold => _faces.GetOrAdd(faceName, name => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Export", "Fonts", name + ".ttf"))),
        _ => _faces.TryGetValue(faceName, out var bytes) ? bytes : null,
    };
}
