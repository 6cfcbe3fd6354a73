using System.Globalization;
using System.Text;
using PdfSharp.Drawing;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Measures and draws one line of text. The text is cut into runs by script, each in a font that has its glyphs
/// (<see cref="FontLibrary"/>); Arabic letters take their joined forms (<see cref="ArabicShaping"/>); and right-to-left
/// runs are laid out from the right with their numbers kept left to right, the Unicode bidirectional algorithm's
/// result for a left-to-right paragraph. Right-to-left glyphs are written one by one in logical order at their
/// visual places, so a text extractor reading the content stream gets the words as they were typed. Widths are
/// cached per font and text element, which keeps 10,000 table rows fast.
/// </summary>
public sealed class TextPainter
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;

    private readonly FontLibrary _library;
    private readonly Dictionary<(string Family, double Size, TextStyle Style), XFont> _fonts = [];
    private readonly Dictionary<(XFont Font, string Element), double> _widths = [];
    private readonly Dictionary<(XFont Font, char Char), double> _charWidths = [];
    private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);

    public TextPainter(FontLibrary library) => _library = library;

    public XFont Font(Script script, double size, TextStyle style)
    {
        var family = _library.Family(script, style.HasFlag(TextStyle.Mono));
        var key = (family, size, style & (TextStyle.Bold | TextStyle.Italic));
        if (!_fonts.TryGetValue(key, out var font))
        {
            var fontStyle = (style.HasFlag(TextStyle.Bold) ? XFontStyleEx.Bold : XFontStyleEx.Regular) | (style.HasFlag(TextStyle.Italic) ? XFontStyleEx.Italic : XFontStyleEx.Regular);
            _fonts[key] = font = new XFont(family, size, fontStyle);
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

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y) and returns its width.</summary>
    public double Draw(XGraphics gfx, string text, double size, TextStyle style, XBrush brush, double x, double y)
    {
        var baseline = y + Ascent(size, style);
        if (IsSimple(text))
        {
            var font = Font(Script.Common, size, style);
            gfx.DrawString(text, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            return Width(text, size, style);
        }

        var pieces = Pieces(text, size, style);
        var positions = VisualPositions(pieces, x);
        var batch = new StringBuilder();
        XFont? batchFont = null;
        double batchX = 0, batchEnd = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (batchFont is not null && (piece.Font != batchFont || Math.Abs(positions[i] - batchEnd) > 0.001))
            {
                gfx.DrawString(batch.ToString(), batchFont, brush, batchX, baseline, XStringFormats.BaseLineLeft);
                batch.Clear();
                batchFont = null;
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

        if (batchFont is not null)
        {
            gfx.DrawString(batch.ToString(), batchFont, brush, batchX, baseline, XStringFormats.BaseLineLeft);
        }

        return pieces.Sum(p => p.Width);
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

    private enum Direction
    {
        Left,
        Right,
        Neutral,
        Number,
    }

    private sealed record Piece(string Text, XFont Font, double Width, Direction Direction);

    /// <summary>The text's elements in logical order, each with the font that draws it, its width and its direction.</summary>
    private List<Piece> Pieces(string text, double size, TextStyle style)
    {
        var elements = new List<(string Text, Script Script)>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = Visible(enumerator.GetTextElement());
            if (element.Length == 0)
            {
                continue;
            }

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
            foreach (var element in script == Script.Arabic ? ArabicShaping.Shape(run) : run)
            {
                pieces.Add(new Piece(element, font, ElementWidth(font, element), DirectionOf(element, script)));
            }

            i = end;
        }

        return pieces;
    }

    private static Direction DirectionOf(string element, Script script)
    {
        var c = element[0];
        if (char.IsDigit(c))
        {
            return Direction.Number;
        }

        if (char.IsLetter(c))
        {
            return FontLibrary.IsRightToLeft(script) ? Direction.Right : Direction.Left;
        }

        return Direction.Neutral;
    }

    /// <summary>
    /// Where each piece's left edge goes. A right-to-left run starts and ends with a right-to-left letter and holds
    /// no left-to-right letter; the neutrals and numbers inside it go with it, each number staying left to right.
    /// </summary>
    private static double[] VisualPositions(List<Piece> pieces, double x)
    {
        var positions = new double[pieces.Count];
        for (var i = 0; i < pieces.Count;)
        {
            if (pieces[i].Direction != Direction.Right)
            {
                positions[i] = x;
                x += pieces[i].Width;
                i++;
                continue;
            }

            var last = i;
            for (var j = i; j < pieces.Count && pieces[j].Direction != Direction.Left; j++)
            {
                if (pieces[j].Direction is Direction.Right or Direction.Number)
                {
                    last = j;
                }
            }

            var right = x + pieces.Skip(i).Take(last - i + 1).Sum(p => p.Width);
            x = right;
            for (var j = i; j <= last;)
            {
                var unitEnd = j + 1;
                if (pieces[j].Direction == Direction.Number)
                {
                    while (unitEnd <= last && (pieces[unitEnd].Direction == Direction.Number
                        || (unitEnd < last && pieces[unitEnd].Text is "." or "," && pieces[unitEnd + 1].Direction == Direction.Number)))
                    {
                        unitEnd++;
                    }
                }

                var unitWidth = 0.0;
                for (var k = j; k < unitEnd; k++)
                {
                    unitWidth += pieces[k].Width;
                }

                var left = right - unitWidth;
                for (var k = j; k < unitEnd; k++)
                {
                    positions[k] = left;
                    left += pieces[k].Width;
                }

                right -= unitWidth;
                j = unitEnd;
            }

            i = last + 1;
        }

        return positions;
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
