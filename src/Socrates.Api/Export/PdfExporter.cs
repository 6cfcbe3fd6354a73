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
        return stream.ToArray();
    }

    /// <summary>The fonts of one document, with a width cache: measuring glyph by glyph keeps 10,000 rows fast.</summary>
    private sealed class Fonts
    {
        private readonly string? _cjkFamily;
        private readonly Dictionary<(XFont, string), double> _widths = [];
        private readonly XGraphics _measure;

        public Fonts(string? cjkFamily)
        {
            _cjkFamily = cjkFamily;
            Title = new XFont(PdfFonts.Family, 20, XFontStyleEx.Bold);
            Heading = new XFont(PdfFonts.Family, 14, XFontStyleEx.Bold);
            Subheading = new XFont(PdfFonts.Family, 11, XFontStyleEx.Bold);
            Body = new XFont(PdfFonts.Family, 9, XFontStyleEx.Regular);
            Bold = new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold);
            Small = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular);
            if (cjkFamily is not null)
            {
                CjkBody = new XFont(cjkFamily, 9, XFontStyleEx.Regular);
                CjkTitle = new XFont(cjkFamily, 20, XFontStyleEx.Regular);
                CjkHeading = new XFont(cjkFamily, 14, XFontStyleEx.Regular);
                CjkSubheading = new XFont(cjkFamily, 11, XFontStyleEx.Regular);
            }

            _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        }

        public XFont Title { get; }
        public XFont Heading { get; }
        public XFont Subheading { get; }
        public XFont Body { get; }
        public XFont Bold { get; }
        public XFont Small { get; }
        private XFont? CjkBody { get; }
        private XFont? CjkTitle { get; }
        private XFont? CjkHeading { get; }
        private XFont? CjkSubheading { get; }

        /// <summary>The configured CJK font for text that needs it, else <paramref name="font"/>.</summary>
        public XFont For(XFont font, string text)
        {
            if (_cjkFamily is null || !HasCjk(text))
            {
                return font;
            }

            return font == Title ? CjkTitle! : font == Heading ? CjkHeading! : font == Subheading ? CjkSubheading! : CjkBody!;
        }

        public double Width(XFont font, string text)
        {
            double width = 0;
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                if (!_widths.TryGetValue((font, element), out var w))
                {
                    w = _measure.MeasureString(element, font).Width;
                    _widths[(font, element)] = w;
                }

                width += w;
            }

            return width;
        }

        private static bool HasCjk(string text)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                var v = rune.Value;
                if (v is >= 0x2E80 and <= 0x9FFF or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class Writer(PdfDocument document, Fonts fonts)
    {
        private XGraphics? _gfx;
        private double _y;
        private string[]? _repeatHeader;

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
            Fact("Contents", $"{export.Specifications.Count} specifications, {export.Documents.Count} documents, {export.GeneratedFiles.Count} generated files");
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
                Table(category.Select(s => new[] { s.Key, s.Value, s.Confidence.ToString("0.##", CultureInfo.InvariantCulture) }));
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
                gfx.DrawString(text, fonts.Small, XBrushes.Gray, new XPoint((PageWidth - width) / 2, PageHeight - Margin), XStringFormats.TopLeft);
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
            var lines = Wrap(value, fonts.For(fonts.Body, value), ContentWidth - 90);
            EnsureSpace(12);
            Gfx.DrawString(name, fonts.Bold, XBrushes.Black, new XPoint(Margin, _y), XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                EnsureSpace(12);
                Gfx.DrawString(line, fonts.For(fonts.Body, value), XBrushes.Black, new XPoint(Margin + 90, _y), XStringFormats.TopLeft);
                _y += 12;
            }
        }

        private void Paragraph(string text, XFont baseFont, double lineHeight)
        {
            var font = fonts.For(baseFont, text);
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                EnsureSpace(lineHeight);
                Gfx.DrawString(line, font, XBrushes.Black, new XPoint(Margin, _y), XStringFormats.TopLeft);
                _y += lineHeight;
            }
        }

        private void Rule() => Gfx.DrawLine(new XPen(RuleColor, 0.5), Margin, _y, PageWidth - Margin, _y);

        /// <summary>
        /// Rows are drawn line by line, so a row taller than what is left of the page (even taller than a page)
        /// carries on over the break, under the repeated header row.
        /// </summary>
        private void Table(IEnumerable<string[]> rows)
        {
            const double lineHeight = 11.5;
            EnsureSpace((lineHeight * 2) + (CellPadding * 4));
            _repeatHeader = ColumnTitles;
            HeaderRow(ColumnTitles);
            foreach (var row in rows)
            {
                var cellFonts = row.Select(cell => fonts.For(fonts.Body, cell)).ToArray();
                var cells = row.Select((cell, c) => Wrap(cell, cellFonts[c], ColumnWidths[c] - (2 * CellPadding))).ToArray();
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
                            Gfx.DrawString(cells[c][line], cellFonts[c], XBrushes.Black, new XPoint(x + CellPadding, _y), XStringFormats.TopLeft);
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
                Gfx.DrawString(titles[c], fonts.Bold, XBrushes.Black, new XPoint(x + CellPadding, _y + 3), XStringFormats.TopLeft);
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
}
