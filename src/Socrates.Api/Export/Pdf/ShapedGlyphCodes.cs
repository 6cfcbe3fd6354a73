namespace Socrates.Api.Export.Pdf;

/// <summary>
/// PDFsharp files every glyph it embeds under a character (one glyph per character), so a shaped glyph that no
/// character maps to (a conjunct, a half form) is drawn under a private-use character of its own, one per font and
/// glyph. <see cref="PdfFinish"/> then rewrites the font's ToUnicode map so the glyph reads as the text it draws.
/// The table lives as long as the process; a font has far fewer glyphs than the 6,400 private-use characters.
/// </summary>
public static class ShapedGlyphCodes
{
    private const char First = '\uE000';
    private const char Last = '\uF8FF';

    private static readonly Lock Gate = new();
    private static readonly Dictionary<(string Font, ushort Glyph), char> Codes = [];
    private static readonly Dictionary<char, (ushort Glyph, string Text)> Texts = [];

    /// <summary>The character for the glyph, or null once every private-use character is taken.</summary>
    public static char? CodeFor(string font, ushort glyph, string text)
    {
        lock (Gate)
        {
            if (Codes.TryGetValue((font, glyph), out var code))
            {
                return code;
            }

            if (Codes.Count > Last - First)
            {
                return null;
            }

            code = (char)(First + Codes.Count);
            Codes[(font, glyph)] = code;
            Texts[code] = (glyph, text);
            return code;
        }
    }

    /// <summary>The text a glyph drawn under <paramref name="code"/> stands for; null if that pair is not one of ours (a user's own private-use character).</summary>
    public static string? TextOf(int glyph, int code)
    {
        lock (Gate)
        {
            return code is >= First and <= Last && Texts.TryGetValue((char)code, out var entry) && entry.Glyph == glyph ? entry.Text : null;
        }
    }
}
