using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Socrates.Api.Export;

/// <summary>
/// The PDF export, drawn with PDFsharp on A4: a title block, the project's facts, one table per specification
/// category (key, value, confidence) whose rows wrap and whose header repeats on every page it spans, the
/// knowledge documents, the generated files, "page N of M" on every page, and title/author/creation date in the
/// document information. Text is DejaVu Sans, embedded; text with CJK characters uses the configured CJK font.
/// </summary>
public sealed class PdfExporter
{
    private const double PageWidth = 595.28; // A4 in points
    private const double PageHeight = 841.89;
    private const double Margin = 50;
    private const double Bottom = PageHeight - Margin - 20; // room for the footer
    private const double ContentWidth = PageWidth - (2 * Margin);
    private const double CellPadding = 4;

    private static readonly double[] ColumnWidths = [ContentWidth * 0.28, ContentWidth * 0.56, ContentWidth * 0.16];
    private static readonly string[] ColumnTitles = ["Key", "Value", "Confidence"];
    private static readonly XColor HeaderFill = XColor.FromArgb(230, 233, 240);
    private static readonly XColor RuleColor = XColor.FromArgb(200, 200, 200);

    private readonly string? _cjkFamily;

    /// <summary>Where a specification table's column starts (3 = its right edge), in points from the page's left edge.</summary>
    internal static double ColumnLeft(int column) => Margin + ColumnWidths.Take(column).Sum();

    public PdfExporter(IOptions<ExportOptions> options, IHostEnvironment environment)
    {
        var fonts = PdfFonts.Instance;
        if (options.Value.CjkFontFile is { Length: > 0 } cjk)
        {
            _cjkFamily = fonts.AddFontFile(Path.GetFullPath(cjk, environment.ContentRootPath));
        }
    }

    /// <summary>For the tests and the benchmark, which have no host.</summary>
    public PdfExporter(string? cjkFontFile = null)
    {
        var fonts = PdfFonts.Instance;
        if (cjkFontFile is { Length: > 0 })
        {
            _cjkFamily = fonts.AddFontFile(cjkFontFile);
        }
    }

    public byte[] Render(ProjectExport export, string author = "Socrates")
    {
        using var document = new PdfDocument();
        PdfCompression.Configure(document);
        document.Info.Title = export.Project.Name;
        document.Info.Author = author;
        document.Info.Subject = "Software specification exported from Socrates";
        document.Info.Creator = "Socrates";
        document.Info.CreationDate = export.ExportedAt;

        var writer = new Writer(document, new Fonts(_cjkFamily));
        writer.Write(export);
        writer.Finish();

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return PdfCompression.Compress(stream.ToArray());
    }

    /// <summary>
    /// The fonts of one document. Text is drawn in runs: CJK characters in the configured CJK font, everything else
    /// in DejaVu Sans, so a line mixing both shows each in a font that has its glyphs. Widths are cached per glyph,
    /// which keeps 10,000 rows fast.
    /// </summary>
    private sealed class Fonts
    {
        private readonly Dictionary<XFont, XFont> _cjk = [];
        private readonly Dictionary<(XFont, string), double> _widths = [];
        private readonly XGraphics _measure;

        public Fonts(string? cjkFamily)
        {
            Title = new XFont(PdfFonts.Family, 20, XFontStyleEx.Bold);
            Heading = new XFont(PdfFonts.Family, 14, XFontStyleEx.Bold);
            Subheading = new XFont(PdfFonts.Family, 11, XFontStyleEx.Bold);
            Body = new XFont(PdfFonts.Family, 9, XFontStyleEx.Regular);
            Bold = new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold);
            Small = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular);
            if (cjkFamily is not null)
            {
                foreach (var font in new[] { Title, Heading, Subheading, Body, Bold, Small })
                {
                    _cjk[font] = new XFont(cjkFamily, font.Size, font.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
                }
            }

            _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        }

        public XFont Title { get; }
        public XFont Heading { get; }
        public XFont Subheading { get; }
        public XFont Body { get; }
        public XFont Bold { get; }
        public XFont Small { get; }

        public double Width(XFont font, string text)
        {
            double width = 0;
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                width += GlyphWidth(FontFor(font, element), element);
            }

            return width;
        }

        public void Draw(XGraphics gfx, string text, XFont font, XBrush brush, double x, double y)
        {
            if (_cjk.Count == 0)
            {
                gfx.DrawString(text, font, brush, new XPoint(x, y), XStringFormats.TopLeft);
                return;
            }

            var run = new StringBuilder();
            XFont? runFont = null;
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                var f = FontFor(font, element);
                if (runFont is not null && f != runFont)
                {
                    gfx.DrawString(run.ToString(), runFont, brush, new XPoint(x, y), XStringFormats.TopLeft);
                    x += Width(runFont, run.ToString());
                    run.Clear();
                }

                runFont = f;
                run.Append(element);
            }

            if (runFont is not null && run.Length > 0)
            {
                gfx.DrawString(run.ToString(), runFont, brush, new XPoint(x, y), XStringFormats.TopLeft);
            }
        }

        private XFont FontFor(XFont font, string element) =>
            _cjk.Count > 0 && IsCjk(element) && _cjk.TryGetValue(font, out var cjk) ? cjk : font;

        private double GlyphWidth(XFont font, string element)
        {
            if (!_widths.TryGetValue((font, element), out var w))
            {
                w = _measure.MeasureString(element, font).Width;
                _widths[(font, element)] = w;
            }

            return w;
        }

        private static bool IsCjk(string element)
        {
            var v = char.ConvertToUtf32(element, 0);
            return v is >= 0x2E80 and <= 0x9FFF or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF;
        }
    }

    private sealed class Writer(PdfDocument document, Fonts fonts)
    {
        private XGraphics? _gfx;
        private double _y;
        private string[]? _repeatHeader;
        private string? _repeatTitle;

        private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page.");

        public void Write(ProjectExport export)
        {
            NewPage();
            var p = export.Project;
            Paragraph(p.Name, fonts.Title, 26);
            if (p.Description.Length > 0)
            {
                Paragraph(p.Description, fonts.Body, 12);
            }

            _y += 4;
            Rule();
            _y += 8;

            Paragraph("Project", fonts.Heading, 20);
            Fact("Phase", p.Phase);
            Fact("Maturity", p.MaturityScore.ToString(CultureInfo.InvariantCulture) + "%");
            Fact("LLM", p.Llm.Provider is null ? "not chosen (server default)" : $"{p.Llm.Provider} / {p.Llm.Model}");
            Fact("Contents", $"{Count(export.Specifications.Count, "specification")}, {Count(export.Documents.Count, "document")}, {Count(export.GeneratedFiles.Count, "generated file")}");
            Fact("Exported", export.ExportedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
            _y += 10;

            Paragraph("Specifications", fonts.Heading, 20);
            if (export.Specifications.Count == 0)
            {
                Paragraph("No specifications yet.", fonts.Body, 12);
            }

            foreach (var category in export.Specifications.GroupBy(s => s.Category))
            {
                EnsureSpace(60);
                Paragraph(category.Key, fonts.Subheading, 16);
                Table(category.Key, category.Select(s => new[] { s.Key, s.Value, s.Confidence.ToString("0.##", CultureInfo.InvariantCulture) }));
                _y += 10;
            }

            if (export.Documents.Count > 0)
            {
                EnsureSpace(60);
                Paragraph("Knowledge documents", fonts.Heading, 20);
                foreach (var doc in export.Documents)
                {
                    EnsureSpace(40);
                    Paragraph(doc.Title, fonts.Subheading, 16);
                    Paragraph("Source: " + doc.Source, fonts.Small, 11);
                    Paragraph(doc.Content, fonts.Body, 12);
                    _y += 8;
                }
            }

            if (export.GeneratedFiles.Count > 0)
            {
                EnsureSpace(60);
                Paragraph("Generated files", fonts.Heading, 20);
                foreach (var file in export.GeneratedFiles)
                {
                    Paragraph($"{file.Path} ({file.Language})", fonts.Body, 12);
                }
            }
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
                var text = $"page {i + 1} of {count}";
                var width = fonts.Width(fonts.Small, text);
                fonts.Draw(gfx, text, fonts.Small, XBrushes.Gray, (PageWidth - width) / 2, PageHeight - Margin);
            }
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            _gfx = XGraphics.FromPdfPage(page);
            _y = Margin;
            if (_repeatHeader is not null)
            {
                fonts.Draw(Gfx, _repeatTitle + " (continued)", fonts.Subheading, XBrushes.Black, Margin, _y);
                _y += 16;
                HeaderRow(_repeatHeader);
            }
        }

        private void EnsureSpace(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        private void Fact(string name, string value)
        {
            var lines = Wrap(value, fonts.Body, ContentWidth - 90);
            EnsureSpace(12);
            fonts.Draw(Gfx, name, fonts.Bold, XBrushes.Black, Margin, _y);
            foreach (var line in lines)
            {
                EnsureSpace(12);
                fonts.Draw(Gfx, line, fonts.Body, XBrushes.Black, Margin + 90, _y);
                _y += 12;
            }
        }

        private void Paragraph(string text, XFont font, double lineHeight)
        {
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                EnsureSpace(lineHeight);
                fonts.Draw(Gfx, line, font, XBrushes.Black, Margin, _y);
                _y += lineHeight;
            }
        }

        private void Rule() => Gfx.DrawLine(new XPen(RuleColor, 0.5), Margin, _y, PageWidth - Margin, _y);

        /// <summary>
        /// Rows are drawn line by line, so a row taller than what is left of the page (even taller than a page)
        /// carries on over the break, under the repeated header row.
        /// </summary>
        private void Table(string title, IEnumerable<string[]> rows)
        {
            const double lineHeight = 11.5;
            EnsureSpace((lineHeight * 2) + (CellPadding * 4));
            _repeatHeader = ColumnTitles;
            _repeatTitle = title;
            HeaderRow(ColumnTitles);
            foreach (var row in rows)
            {
                var cells = row.Select((cell, c) => Wrap(cell, fonts.Body, ColumnWidths[c] - (2 * CellPadding))).ToArray();
                var height = cells.Max(c => c.Count);
                EnsureSpace(lineHeight + (2 * CellPadding));
                _y += CellPadding;
                for (var line = 0; line < height; line++)
                {
                    if (_y + lineHeight > Bottom)
                    {
                        NewPage();
                        _y += CellPadding;
                    }

                    var x = Margin;
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (line < cells[c].Count)
                        {
                            fonts.Draw(Gfx, cells[c][line], fonts.Body, XBrushes.Black, x + CellPadding, _y);
                        }

                        x += ColumnWidths[c];
                    }

                    _y += lineHeight;
                }

                _y += CellPadding;
                Rule();
            }

            _repeatHeader = null;
        }

        private void HeaderRow(string[] titles)
        {
            const double height = 16;
            Gfx.DrawRectangle(new XSolidBrush(HeaderFill), Margin, _y, ContentWidth, height);
            var x = Margin;
            for (var c = 0; c < titles.Length; c++)
            {
                fonts.Draw(Gfx, titles[c], fonts.Bold, XBrushes.Black, x + CellPadding, _y + 3);
                x += ColumnWidths[c];
            }

            _y += height;
        }

        /// <summary>Greedy word wrap; a word wider than the line is broken between characters. Tabs become spaces, other control characters go.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var rawParagraph in MarkdownText.NormalizeLineEndings(text).Split('\n'))
            {
                var paragraph = Clean(rawParagraph);
                if (fonts.Width(font, paragraph) <= width)
                {
                    lines.Add(paragraph);
                    continue;
                }

                var line = new StringBuilder();
                double lineWidth = 0;
                var spaceWidth = fonts.Width(font, " ");
                foreach (var word in paragraph.Split(' '))
                {
                    var wordWidth = fonts.Width(font, word);
                    if (line.Length > 0 && lineWidth + spaceWidth + wordWidth <= width)
                    {
                        line.Append(' ').Append(word);
                        lineWidth += spaceWidth + wordWidth;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        lineWidth = 0;
                    }

                    if (wordWidth <= width)
                    {
                        line.Append(word);
                        lineWidth = wordWidth;
                        continue;
                    }

                    var elements = StringInfo.GetTextElementEnumerator(word);
                    while (elements.MoveNext())
                    {
                        var element = elements.GetTextElement();
                        var w = fonts.Width(font, element);
                        if (line.Length > 0 && lineWidth + w > width)
                        {
                            lines.Add(line.ToString());
                            line.Clear();
                            lineWidth = 0;
                        }

                        line.Append(element);
                        lineWidth += w;
                    }
                }

                lines.Add(line.ToString());
            }

            return lines;
        }

        private static string Clean(string text)
        {
            if (!text.Any(char.IsControl))
            {
                return text;
            }

            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\t')
                {
                    sb.Append("    ");
                }
                else if (!char.IsControl(c))
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
