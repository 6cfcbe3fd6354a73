using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Lays out A4 pages top to bottom: wrapped paragraphs of styled spans with clickable links, tables whose rows
/// wrap and whose header repeats on every page they span, code blocks, rules, bookmarks, and "page N of M" footers
/// drawn last when the page count is known.
/// </summary>
public sealed class PageWriter(PdfDocument document, TextPainter painter)
{
    public const double PageWidth = 595.28; // A4 in points
    public const double PageHeight = 841.89;
    public const double Margin = 50;
    public const double Bottom = PageHeight - Margin - 20; // room for the footer
    public const double ContentWidth = PageWidth - (2 * Margin);
    public const double BodySize = 9;
    public const double CellPadding = 4;

    public static readonly XColor HeaderFill = XColor.FromArgb(230, 233, 240);
    public static readonly XColor RuleColor = XColor.FromArgb(200, 200, 200);
    public static readonly XColor CodeFill = XColor.FromArgb(244, 245, 247);
    private static readonly XBrush LinkBrush = new XSolidBrush(XColor.FromArgb(20, 80, 170));

    private XGraphics? _gfx;
    private PdfPage? _page;
    private TableHeader? _repeat;

    public double Y { get; set; }

    public TextPainter Painter => painter;

    public XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page.");

    /// <summary>The current page, counted from 1.</summary>
    public int PageNumber => document.PageCount;

    public PdfPage Page => _page ?? throw new InvalidOperationException("No page.");

    private sealed record TableHeader(string Title, double[] Widths, IReadOnlyList<Span>[] Cells);

    public void NewPage()
    {
        _gfx?.Dispose();
        _page = AddBlankPage();
        _gfx = XGraphics.FromPdfPage(_page);
        Y = Margin;
        if (_repeat is not null)
        {
            Line([new Span(_repeat.Title + " (continued)", TextStyle.Bold)], 11, 0, ContentWidth);
            Y += 4;
            HeaderRow(_repeat.Widths, _repeat.Cells);
        }
    }

    public PdfPage AddBlankPage()
    {
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        return page;
    }

    public void EnsureSpace(double height)
    {
        if (_gfx is null || Y + height > Bottom)
        {
            NewPage();
        }
    }

    public void Space(double height) => Y += height;

    /// <summary>A bookmark in the PDF's outline pointing at the current page; level 2 goes under the last level 1.</summary>
    public PdfOutline Bookmark(string title, PdfOutline? parent = null) =>
        (parent?.Outlines ?? document.Outlines).Add(title, Page, parent is null);

    public void Paragraph(IReadOnlyList<Span> spans, double size = BodySize, double indent = 0, double? lineHeight = null)
    {
        foreach (var line in Wrap(spans, size, ContentWidth - indent))
        {
            var height = lineHeight ?? size * 1.4;
            EnsureSpace(height);
            DrawLine(line, size, Margin + indent, Y);
            Y += height;
        }
    }

    public void Text(string text, double size = BodySize, TextStyle style = TextStyle.Regular, double indent = 0) =>
        Paragraph([new Span(text, style)], size, indent);

    /// <summary>One line, cut at <paramref name="width"/> rather than wrapped.</summary>
    public void Line(IReadOnlyList<Span> spans, double size, double indent, double width)
    {
        var line = Wrap(spans, size, width).FirstOrDefault() ?? [];
        DrawLine(line, size, Margin + indent, Y);
        Y += size * 1.4;
    }

    public void Rule(double indent = 0) => Gfx.DrawLine(new XPen(RuleColor, 0.5), Margin + indent, Y, PageWidth - Margin, Y);

    /// <summary>Monospaced lines on a shaded band, wrapped between characters where a line is wider than the page.</summary>
    public void CodeBlock(string text, double indent = 0)
    {
        const double size = 8;
        const double lineHeight = 10.5;
        Y += 2;
        foreach (var raw in MarkdownText.NormalizeLineEndings(text).TrimEnd('\n').Split('\n'))
        {
            foreach (var line in Wrap([new Span(raw.Replace("\t", "    ", StringComparison.Ordinal), TextStyle.Mono)], size, ContentWidth - indent - 8, keepSpaces: true))
            {
                EnsureSpace(lineHeight);
                Gfx.DrawRectangle(new XSolidBrush(CodeFill), Margin + indent, Y, ContentWidth - indent, lineHeight);
                DrawLine(line, size, Margin + indent + 4, Y + 1);
                Y += lineHeight;
            }
        }

        Y += 4;
    }

    /// <summary>
    /// A table: a shaded header row, then rows drawn line by line, so a row taller than what is left of the page
    /// (even taller than a page) carries on over the break under the repeated header.
    /// </summary>
    public void Table(string title, double[] widths, IReadOnlyList<Span>[] header, IEnumerable<IReadOnlyList<Span>[]> rows, double size = BodySize)
    {
        var lineHeight = size * 1.28;
        EnsureSpace((lineHeight * 2) + (CellPadding * 4) + 16);
        _repeat = new TableHeader(title, widths, header);
        HeaderRow(widths, header);
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => Wrap(cell, size, widths[c] - (2 * CellPadding))).ToArray();
            var height = cells.Max(c => c.Count);
            EnsureSpace(lineHeight + (2 * CellPadding));
            Y += CellPadding;
            for (var line = 0; line < height; line++)
            {
                if (Y + lineHeight > Bottom)
                {
                    NewPage();
                    Y += CellPadding;
                }

                var x = Margin;
                for (var c = 0; c < cells.Length; c++)
                {
                    if (line < cells[c].Count)
                    {
                        DrawLine(cells[c][line], size, x + CellPadding, Y);
                    }

                    x += widths[c];
                }

                Y += lineHeight;
            }

            Y += CellPadding;
            Gfx.DrawLine(new XPen(RuleColor, 0.5), Margin, Y, Margin + widths.Sum(), Y);
        }

        _repeat = null;
    }

    private void HeaderRow(double[] widths, IReadOnlyList<Span>[] cells)
    {
        const double size = BodySize;
        var lines = cells.Select((cell, c) => Wrap(cell, size, widths[c] - (2 * CellPadding))).ToArray();
        var height = (lines.Max(l => l.Count) * size * 1.28) + 6;
        Gfx.DrawRectangle(new XSolidBrush(HeaderFill), Margin, Y, widths.Sum(), height);
        var x = Margin;
        for (var c = 0; c < cells.Length; c++)
        {
            var y = Y + 3;
            foreach (var line in lines[c])
            {
                DrawLine(line, size, x + CellPadding, y, TextStyle.Bold);
                y += size * 1.28;
            }

            x += widths[c];
        }

        Y += height;
    }

    /// <summary>Footers last, when the page count is known.</summary>
    public void Finish()
    {
        _gfx?.Dispose();
        _gfx = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var gfx = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = string.Create(CultureInfo.InvariantCulture, $"page {i + 1} of {count}");
            var width = painter.Width(text, 8, TextStyle.Regular);
            painter.Draw(gfx, text, 8, TextStyle.Regular, XBrushes.Gray, (PageWidth - width) / 2, PageHeight - Margin);
        }
    }

    /// <summary>A piece of a wrapped line: text in one style at an offset from the line's start.</summary>
    public readonly record struct Placed(string Text, TextStyle Style, string? Link, double X, double Width);

    /// <summary>Draws a wrapped line; runs of one style and link are drawn together, so a right-to-left phrase is ordered as a whole.</summary>
    public void DrawLine(IReadOnlyList<Placed> line, double size, double x, double y, TextStyle extra = TextStyle.Regular)
    {
        DrawLine(Gfx, _page, line, size, x, y, extra);
    }

    public void DrawLine(XGraphics gfx, PdfPage? page, IReadOnlyList<Placed> line, double size, double x, double y, TextStyle extra = TextStyle.Regular)
    {
        for (var i = 0; i < line.Count;)
        {
            var end = i + 1;
            while (end < line.Count && line[end].Style == line[i].Style && line[end].Link == line[i].Link)
            {
                end++;
            }

            var text = string.Concat(line.Skip(i).Take(end - i).Select((p, k) => k == 0 ? p.Text : Gap(line[i + k - 1], p, size) + p.Text));
            var style = line[i].Style | extra;
            var left = x + line[i].X;
            var width = painter.Draw(gfx, text, size, style, line[i].Link is null ? XBrushes.Black : LinkBrush, left, y);
            if (line[i].Link is { } link && page is not null)
            {
                gfx.DrawLine(new XPen(XColor.FromArgb(20, 80, 170), 0.4), left, y + size * 1.05, left + width, y + size * 1.05);
                var area = gfx.Transformer.WorldToDefaultPage(new XRect(left, y, width, size * 1.2));
                page.AddWebLink(new PdfRectangle(area), link);
            }

            i = end;
        }
    }

    private string Gap(Placed before, Placed after, double size)
    {
        var gap = after.X - (before.X + before.Width);
        return gap > 0.01 ? new string(' ', Math.Max(1, (int)Math.Round(gap / painter.Width(" ", size, before.Style)))) : "";
    }

    /// <summary>
    /// Greedy word wrap over spans: words are cut at spaces, a word may run across spans ("**bold**,"), and a word
    /// wider than the line is broken between characters. A <see cref="Span.LineBreak"/> span ends the line.
    /// </summary>
    public List<List<Placed>> Wrap(IReadOnlyList<Span> spans, double size, double width, bool keepSpaces = false)
    {
        var lines = new List<List<Placed>>();
        var line = new List<Placed>();
        double x = 0;
        var pendingSpace = false;

        void EndLine()
        {
            lines.Add(line);
            line = [];
            x = 0;
            pendingSpace = false;
        }

        foreach (var span in spans)
        {
            if (span.Text == Span.LineBreak)
            {
                EndLine();
                continue;
            }

            var text = span.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            var paragraphs = text.Split('\n');
            for (var p = 0; p < paragraphs.Length; p++)
            {
                if (p > 0)
                {
                    EndLine();
                }

                var words = keepSpaces ? [paragraphs[p]] : paragraphs[p].Split(' ');
                for (var w = 0; w < words.Length; w++)
                {
                    if (w > 0)
                    {
                        pendingSpace = true;
                    }

                    var word = words[w];
                    if (word.Length == 0)
                    {
                        continue;
                    }

                    var space = pendingSpace && x > 0 ? painter.Width(" ", size, span.Style) : 0;
                    var wordWidth = painter.Width(word, size, span.Style);
                    if (x > 0 && x + space + wordWidth > width && (pendingSpace || !keepSpaces))
                    {
                        // A word that continues the previous span without a space ("**bold**,") moves with it only if there was a space before.
                        if (pendingSpace || line.Count == 0)
                        {
                            EndLine();
                            space = 0;
                        }
                    }

                    pendingSpace = false;
                    if (wordWidth <= width - x - space)
                    {
                        line.Add(new Placed(word, span.Style, span.Link, x + space, wordWidth));
                        x += space + wordWidth;
                        continue;
                    }

                    // Too wide for what is left: break between text elements.
                    x += space;
                    var piece = new System.Text.StringBuilder();
                    double pieceWidth = 0;
                    var elements = StringInfo.GetTextElementEnumerator(word);
                    while (elements.MoveNext())
                    {
                        var element = elements.GetTextElement();
                        var ew = painter.Width(element, size, span.Style);
                        if (x + pieceWidth + ew > width && (piece.Length > 0 || x > 0))
                        {
                            if (piece.Length > 0)
                            {
                                line.Add(new Placed(piece.ToString(), span.Style, span.Link, x, pieceWidth));
                            }

                            EndLine();
                            piece.Clear();
                            pieceWidth = 0;
                        }

                        piece.Append(element);
                        pieceWidth += ew;
                    }

                    if (piece.Length > 0)
                    {
                        line.Add(new Placed(piece.ToString(), span.Style, span.Link, x, pieceWidth));
                        x += pieceWidth;
                    }
                }
            }
        }

        if (line.Count > 0 || lines.Count == 0)
        {
            lines.Add(line);
        }

        return lines;
    }
}
