using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// The table of contents. Its pages are reserved before the sections are written (their number follows from the
/// number of entries), and filled in at the end, when every section's page is known; each entry links to its page.
/// </summary>
public sealed class Contents
{
    private const double LineHeight = 15;
    private const double Top = PageWriter.Margin + 30;
    private static readonly int LinesPerPage = (int)((PageWriter.Bottom - Top) / LineHeight);

    private readonly List<(string Title, int Level, int Page)> _entries = [];
    private List<PdfPage> _pages = [];

    public static int PagesFor(int entries) => Math.Max(1, (entries + LinesPerPage - 1) / LinesPerPage);

    public void Reserve(PageWriter writer, int entries)
    {
        _pages = [.. Enumerable.Range(0, PagesFor(entries)).Select(_ => writer.AddBlankPage())];
    }

    public void Add(string title, int level, int page) => _entries.Add((title, level, page));

    public void Draw(PageWriter writer)
    {
        for (var p = 0; p < _pages.Count; p++)
        {
            using var gfx = XGraphics.FromPdfPage(_pages[p], XGraphicsPdfPageOptions.Append);
            var y = PageWriter.Margin;
            if (p == 0)
            {
                writer.Painter.Draw(gfx, "Contents", 15, TextStyle.Bold, XBrushes.Black, PageWriter.Margin, y);
            }

            y = Top;
            foreach (var (title, level, page) in _entries.Skip(p * LinesPerPage).Take(LinesPerPage))
            {
                var size = level == 1 ? 10.5 : 9.5;
                var style = level == 1 ? TextStyle.Bold : TextStyle.Regular;
                var indent = level == 1 ? 0 : 16;
                var number = page.ToString(CultureInfo.InvariantCulture);
                var numberWidth = writer.Painter.Width(number, size, style);
                var right = PageWriter.PageWidth - PageWriter.Margin;
                var line = writer.Wrap([new Span(title, style)], size, PageWriter.ContentWidth - indent - numberWidth - 30).First();
                writer.DrawLine(gfx, null, line, size, PageWriter.Margin + indent, y);
                var end = PageWriter.Margin + indent + (line.Count > 0 ? line[^1].X + line[^1].Width : 0) + 4;
                gfx.DrawLine(new XPen(PageWriter.RuleColor, 0.6) { DashStyle = XDashStyle.Dot }, end, y + size, right - numberWidth - 4, y + size);
                writer.Painter.Draw(gfx, number, size, style, XBrushes.Black, right - numberWidth, y);
                var area = gfx.Transformer.WorldToDefaultPage(new XRect(PageWriter.Margin, y, PageWriter.ContentWidth, LineHeight));
                _pages[p].AddDocumentLink(new PdfRectangle(area), page);
                y += LineHeight;
            }
        }
    }
}
