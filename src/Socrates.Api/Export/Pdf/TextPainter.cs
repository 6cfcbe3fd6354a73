using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Measures and draws one line of text. The text is cut into runs by script, each in a font that has its glyphs
/// (<see cref="FontLibrary"/>); Arabic letters take their joined forms (<see cref="ArabicShaping"/>); Devanagari is
/// shaped by HarfBuzz (<see cref="GlyphShaper"/>) and its glyphs drawn one by one at the places HarfBuzz gives; and
/// the pieces are ordered by the bidirectional algorithm (<see cref="Bidi"/>) for a left-to-right or a right-to-left
/// paragraph, brackets at a right-to-left level drawn mirrored. Glyphs are written in logical order at their visual
/// places, so a text extractor reading the content stream gets the words as they were typed. Widths are cached per
/// font and text element, which keeps 10,000 table rows fast.
/// </summary>
public sealed class TextPainter
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;

    private readonly FontLibrary _library;
    private readonly Dictionary<(string Family, double Size, TextStyle Style), XFont> _fonts = [];
    private readonly Dictionary<(XFont Font, string Element), double> _widths = [];
    private readonly Dictionary<(XFont Font, char Char), double> _charWidths = [];
    private readonly Dictionary<(string File, string Text), ShapedRun> _shaped = [];
    private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
    private CodePointGlyphIndexPair[]? _glyphs;

    public TextPainter(FontLibrary library) => _library = library;

    /// <summary>
    /// Lets this painter choose the glyph of the next string it draws in <paramref name="document"/>: PDFsharp asks
    /// its render event which glyphs a string's characters take, and a shaped glyph is not the one the font's character
    /// table names.
    /// </summary>
    public void Attach(PdfDocument document) => document.RenderEvents.RenderTextEvent += (_, e) =>
    {
        if (_glyphs is { } glyphs && e.CodePointGlyphIndexPairs.Length == glyphs.Length)
        {
            e.CodePointGlyphIndexPairs = glyphs;
        }
    };

    public XFont Font(Script script, double size, TextStyle style)
    {
        var family = _library.Family(script, style.HasFlag(TextStyle.Mono));
        var key = (family, size, style & (TextStyle.Bold | TextStyle.Italic));
        if (!_fonts.TryGetValue(key, out var font))
        {
            var fontStyle = (style.HasFlag(TextStyle.Bold) ? XFontStyleEx.Bold : XFontStyleEx.Regular) | (style.HasFlag(TextStyle.Italic) ? XFontStyleEx.Italic : XFontStyleEx.Regular);
            _fonts[key] = font = _library.EmbedsWhole(script)
                ? new XFont(family, size, fontStyle, new XPdfFontOptions(PdfFontEncoding.Automatic, PdfFontEmbedding.EmbedCompleteFontFile))
                : new XFont(family, size, fontStyle);
        }

        return font;
    }

    /// <summary>The distance from the top of a line to its baseline: every script sits on DejaVu Sans's baseline.</summary>
    public double Ascent(double size, TextStyle style)
    {
        var font = Font(Script.Common, size, style);
        return size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
    }

    public double Width(string text, double size, TextStyle style)
    {
        if (IsSimple(text))
        {
            var font = Font(Script.Common, size, style);
            double width = 0;
            foreach (var c in text)
            {
                width += CharWidth(font, c);
            }

            return width;
        }

        return Pieces(text, size, style).Sum(p => p.Width);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left corner at (x, y) and returns its width; <paramref name="rightToLeft"/>
    /// when it stands at a right-to-left level of its paragraph.
    /// </summary>
    public double Draw(XGraphics gfx, string text, double size, TextStyle style, XBrush brush, double x, double y, bool rightToLeft = false)
    {
        var baseline = y + Ascent(size, style);
        if (IsSimple(text) && !rightToLeft)
        {
            var font = Font(Script.Common, size, style);
            gfx.DrawString(text, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            return Width(text, size, style);
        }

        var pieces = Pieces(text, size, style);
        var levels = Bidi.Levels([.. pieces.Select(p => p.Class)], rightToLeft);
        var positions = new double[pieces.Count];
        var left = x;
        foreach (var i in Bidi.VisualOrder(levels))
        {
            positions[i] = left;
            left += pieces[i].Width;
        }

        var batch = new StringBuilder();
        XFont? batchFont = null;
        double batchX = 0, batchEnd = 0;
        void Flush()
        {
            if (batchFont is not null)
            {
                gfx.DrawString(batch.ToString(), batchFont, brush, batchX, baseline, XStringFormats.BaseLineLeft);
                batch.Clear();
                batchFont = null;
            }
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var mirrored = levels[i] % 2 == 1 && Bidi.IsMirrored(piece.Text);
            if (piece.Shaped is not null || mirrored || (batchFont is not null && (piece.Font != batchFont || Math.Abs(positions[i] - batchEnd) > 0.001)))
            {
                Flush();
            }

            if (piece.Shaped is { } shaped)
            {
                DrawShaped(gfx, piece, shaped, size, brush, positions[i], baseline);
                continue;
            }

            if (mirrored)
            {
                // The glyph flipped about its middle: the text stays the character typed, its image is the mirror one.
                var state = gfx.Save();
                gfx.ScaleAtTransform(-1, 1, positions[i] + (piece.Width / 2), baseline);
                gfx.DrawString(piece.Text, piece.Font, brush, positions[i], baseline, XStringFormats.BaseLineLeft);
                gfx.Restore(state);
                continue;
            }

            if (batchFont is null)
            {
                batchFont = piece.Font;
                batchX = positions[i];
                batchEnd = batchX;
            }

            batch.Append(piece.Text);
            batchEnd += piece.Width;
        }

        Flush();
        return pieces.Sum(p => p.Width);
    }

    /// <summary>Each glyph under its own private-use character (<see cref="ShapedGlyphCodes"/>), at the place HarfBuzz gave it.</summary>
    private void DrawShaped(XGraphics gfx, Piece piece, ShapedRun shaped, double size, XBrush brush, double x, double baseline)
    {
        var codes = shaped.Glyphs.Select(g => ShapedGlyphCodes.CodeFor(piece.FontFile!, g.Glyph, g.Text)).ToArray();
        if (codes.Any(c => c is null))
        {
            gfx.DrawString(piece.Text, piece.Font, brush, x, baseline, XStringFormats.BaseLineLeft);
            return;
        }

        for (var g = 0; g < shaped.Glyphs.Length; g++)
        {
            var glyph = shaped.Glyphs[g];
            var code = codes[g]!.Value;
            _glyphs = [new CodePointGlyphIndexPair(code, glyph.Glyph)];
            try
            {
                gfx.DrawString(code.ToString(), piece.Font, brush, x + (glyph.X * size), baseline - (glyph.Y * size), XStringFormats.BaseLineLeft);
            }
            finally
            {
                _glyphs = null;
            }
        }
    }

    /// <summary>Text that needs neither another font nor another direction: the common case, measured and drawn whole.</summary>
    private static bool IsSimple(string text)
    {
        foreach (var c in text)
        {
            if (c >= '\u0590' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private double CharWidth(XFont font, char c)
    {
        if (!_charWidths.TryGetValue((font, c), out var w))
        {
            _charWidths[(font, c)] = w = _measure.MeasureString(c.ToString(), font).Width;
        }

        return w;
    }

    private double ElementWidth(XFont font, string element)
    {
        if (!_widths.TryGetValue((font, element), out var w))
        {
            _widths[(font, element)] = w = _measure.MeasureString(element, font).Width;
        }

        return w;
    }

    /// <summary>A text element (or a whole shaped run) with the font that draws it, its width and its bidirectional class.</summary>
    private sealed record Piece(string Text, XFont Font, double Width, BidiClass Class, ShapedRun? Shaped = null, string? FontFile = null);

    /// <summary>The text's elements in logical order, each with the font that draws it, its width and its class.</summary>
    private List<Piece> Pieces(string text, double size, TextStyle style)
    {
        var elements = new List<(string Text, Script Script)>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            var script = FontLibrary.ScriptOf(char.ConvertToUtf32(element, 0));
            elements.Add((element, _library.Covers(script) ? script : Script.Common));
        }

        var pieces = new List<Piece>(elements.Count);
        for (var i = 0; i < elements.Count;)
        {
            var script = elements[i].Script;
            var end = i;
            while (end < elements.Count && elements[end].Script == script)
            {
                end++;
            }

            var run = elements.GetRange(i, end - i).Select(e => e.Text).ToList();
            var font = Font(script, size, style);
            if (_library.ShapingFile(script, style.HasFlag(TextStyle.Bold)) is { } file)
            {
                // Shaped whole, joiners included: they choose between a conjunct and a half form.
                var runText = string.Concat(run);
                var shaped = Shaped(file, runText);
                pieces.Add(new Piece(runText, font, shaped.Width * size, BidiClass.Left, shaped, file));
                i = end;
                continue;
            }

            // Joining is decided before joiners and other invisible characters are dropped.
            foreach (var element in (script == Script.Arabic ? ArabicShaping.Shape(run) : run).Select(Visible))
            {
                if (element.Length > 0)
                {
                    pieces.Add(new Piece(element, font, ElementWidth(font, element), ClassOf(element, script)));
                }
            }

            i = end;
        }

        return pieces;
    }

    private ShapedRun Shaped(string file, string text)
    {
        if (!_shaped.TryGetValue((file, text), out var run))
        {
            _shaped[(file, text)] = run = GlyphShaper.Shape(file, text);
        }

        return run;
    }

    private static BidiClass ClassOf(string element, Script script)
    {
        var c = element[0];
        if (char.IsDigit(c))
        {
            return BidiClass.Number;
        }

        if (char.IsLetter(c))
        {
            return FontLibrary.IsRightToLeft(script) ? BidiClass.Right : BidiClass.Left;
        }

        return BidiClass.Neutral;
    }

    /// <summary>Tabs become spaces; other control and format characters (variation selectors, joiners) draw nothing.</summary>
    private static string Visible(string element)
    {
        if (element == "\t")
        {
            return "    ";
        }

        foreach (var c in element)
        {
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || c is >= '\uFE00' and <= '\uFE0F')
            {
                var sb = new StringBuilder(element.Length);
                foreach (var d in element)
                {
                    if (!char.IsControl(d) && CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.Format && d is not (>= '\uFE00' and <= '\uFE0F'))
                    {
                        sb.Append(d);
                    }
                }

                return sb.ToString();
            }
        }

        return element;
    }
}
