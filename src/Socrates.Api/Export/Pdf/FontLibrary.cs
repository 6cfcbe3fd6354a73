using System.Collections.Concurrent;

namespace Socrates.Api.Export.Pdf;

/// <summary>The writing systems that need a font of their own; everything else is drawn in DejaVu Sans.</summary>
public enum Script
{
    Common,
    Arabic,
    Hebrew,
    Devanagari,
    Cjk,
    Hangul,
    Emoji,
}

/// <summary>
/// Which font draws which script. DejaVu Sans (and Mono) and Noto Sans Arabic, Hebrew and Devanagari are shipped
/// in Export/Fonts with their licences; CJK, Korean and emoji fonts are too large to ship and come from the host:
/// Debian's fonts-droid-fallback (Droid Sans Fallback: Chinese, Japanese), fonts-nanum (Nanum Gothic: Hangul) and
/// fonts-symbola, which .ci/run and the README install, or the CJK font an operator configured. A script whose font is missing falls
/// back to DejaVu Sans and prints as empty boxes rather than failing the export.
/// </summary>
public sealed class FontLibrary
{
    public const string Sans = "DejaVu Sans";
    public const string Mono = "DejaVu Sans Mono";

    /// <summary>Where host fonts are looked for when none is configured (Debian's font packages install there).</summary>
    public static readonly IReadOnlyList<string> DefaultFontDirectories = ["/usr/share/fonts"];

    private static readonly string[] CjkFiles = ["DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"];
    private static readonly string[] HangulFiles = ["NanumGothic.ttf"];
    private static readonly string[] HangulBoldFiles = ["NanumGothicBold.ttf"];
    private static readonly string[] EmojiFiles = ["Symbola_hint.ttf", "Symbola.ttf"];
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> FileIndex = new(StringComparer.Ordinal);

    private readonly Dictionary<Script, string> _families = [];

    public FontLibrary(string? cjkFontFile = null, IEnumerable<string>? fontDirectories = null)
    {
        var fonts = PdfFonts.Instance;
        var shipped = Path.Combine(AppContext.BaseDirectory, "Export", "Fonts");
        fonts.AddFamily(Sans, Path.Combine(shipped, "DejaVuSans.ttf"), Path.Combine(shipped, "DejaVuSans-Bold.ttf"));
        fonts.AddFamily(Mono, Path.Combine(shipped, "DejaVuSansMono.ttf"), Path.Combine(shipped, "DejaVuSansMono-Bold.ttf"));
        foreach (var (script, name) in new[] { (Script.Arabic, "Arabic"), (Script.Hebrew, "Hebrew"), (Script.Devanagari, "Devanagari") })
        {
            var family = "Noto Sans " + name;
            fonts.AddFamily(family, Path.Combine(shipped, $"NotoSans{name}-Regular.ttf"), Path.Combine(shipped, $"NotoSans{name}-Bold.ttf"));
            _families[script] = family;
        }

        var directories = (fontDirectories ?? DefaultFontDirectories).ToList();
        AddHostFont(Script.Cjk, cjkFontFile is { Length: > 0 } ? cjkFontFile : Find(directories, CjkFiles));
        AddHostFont(Script.Hangul, Find(directories, HangulFiles), Find(directories, HangulBoldFiles));
        AddHostFont(Script.Emoji, Find(directories, EmojiFiles));
    }

    /// <summary>The family for text of <paramref name="script"/>; monospaced text keeps Mono for the scripts it covers.</summary>
    public string Family(Script script, bool mono) =>
        _families.TryGetValue(script, out var family) ? family : mono ? Mono : Sans;

    public bool Covers(Script script) => script == Script.Common || _families.ContainsKey(script);

    public static Script ScriptOf(int codePoint) => codePoint switch
    {
        >= 0x0590 and <= 0x05FF or >= 0xFB1D and <= 0xFB4F => Script.Hebrew,
        >= 0x0600 and <= 0x06FF or >= 0x0750 and <= 0x077F or >= 0x08A0 and <= 0x08FF
            or >= 0xFB50 and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF => Script.Arabic,
        >= 0x0900 and <= 0x097F or >= 0xA8E0 and <= 0xA8FF => Script.Devanagari,
        >= 0x1100 and <= 0x11FF or >= 0x3130 and <= 0x318F or >= 0xA960 and <= 0xA97F or >= 0xAC00 and <= 0xD7FF => Script.Hangul,
        >= 0x2E80 and <= 0x2FDF or >= 0x3000 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F
            or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF => Script.Cjk,
        >= 0x1F000 and <= 0x1FAFF => Script.Emoji,
        _ => Script.Common,
    };

    public static bool IsRightToLeft(Script script) => script is Script.Arabic or Script.Hebrew;

    private void AddHostFont(Script script, string? file, string? boldFile = null)
    {
        if (file is null || !File.Exists(file))
        {
            return;
        }

        var full = Path.GetFullPath(file);
        var family = $"Socrates {script} {(uint)StringComparer.Ordinal.GetHashCode(full)}";
        PdfFonts.Instance.AddFamily(family, full, boldFile);
        _families[script] = family;
    }

    /// <summary>The first of <paramref name="names"/> found under any of the directories; the directories are listed once per process.</summary>
    private static string? Find(List<string> directories, string[] names)
    {
        foreach (var directory in directories)
        {
            var index = FileIndex.GetOrAdd(directory, IndexFonts);
            foreach (var name in names)
            {
                if (index.TryGetValue(name, out var path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static IReadOnlyDictionary<string, string> IndexFonts(string directory)
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(directory))
        {
            return index;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.ttf", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            index.TryAdd(Path.GetFileName(file), file);
        }

        return index;
    }
}
