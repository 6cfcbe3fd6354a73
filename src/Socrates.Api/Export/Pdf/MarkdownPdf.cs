using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Draws a Markdown document from Markdig's syntax tree: headings, paragraphs with bold, italic, inline code and
/// clickable links, bullet and numbered lists (nested), block quotes, code blocks in the monospaced font, tables
/// as tables, thematic breaks, and images as their alt text. Raw HTML is shown as the text it is.
/// </summary>
public static class MarkdownPdf
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().UseAutoLinks().Build();
    private static readonly double[] HeadingSizes = [15, 13, 11.5, 10.5, 10, 9.5];

    /// <summary>
    /// Draws <paramref name="markdown"/>; a first heading that only repeats <paramref name="title"/>, already printed
    /// above it, is left out rather than printed twice.
    /// </summary>
    public static void Write(PageWriter writer, string markdown, string? title = null)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var block in document)
        {
            if (title is not null && block == document[0] && block is HeadingBlock heading && RepeatsTitle(heading, title))
            {
                continue;
            }

            WriteBlock(writer, block, 0);
        }
    }

    private static bool RepeatsTitle(HeadingBlock heading, string title) =>
        string.Concat(Spans(heading.Inline, TextStyle.Bold).Select(s => s.Text)).Trim().Equals(title.Trim(), StringComparison.OrdinalIgnoreCase);

    private static void WriteBlock(PageWriter writer, Block block, double indent)
    {
        switch (block)
        {
            case HeadingBlock heading:
                var size = HeadingSizes[Math.Clamp(heading.Level, 1, 6) - 1];
                writer.Space(4);
                writer.EnsureSpace(size * 3);
                writer.Paragraph(Spans(heading.Inline, TextStyle.Bold), size, indent);
                writer.Space(2);
                break;
            case ParagraphBlock paragraph:
                writer.Paragraph(Spans(paragraph.Inline, TextStyle.Regular), PageWriter.BodySize, indent);
                writer.Space(4);
                break;
            case ListBlock list:
                WriteList(writer, list, indent);
                writer.Space(2);
                break;
            case QuoteBlock quote:
                var top = writer.Y;
                var page = writer.PageNumber;
                foreach (var child in quote)
                {
                    WriteBlock(writer, child, indent + 12);
                }

                // The bar is drawn on the quote's last page, from its top there.
                var from = page == writer.PageNumber ? top : PageWriter.Margin;
                writer.Gfx.DrawLine(new PdfSharp.Drawing.XPen(PageWriter.RuleColor, 2), PageWriter.Margin + indent + 3, from, PageWriter.Margin + indent + 3, writer.Y - 4);
                break;
            case FencedCodeBlock or CodeBlock:
                writer.CodeBlock(CodeText((LeafBlock)block), indent);
                break;
            case Table table:
                WriteTable(writer, table, indent);
                break;
            case ThematicBreakBlock:
                writer.EnsureSpace(10);
                writer.Space(4);
                writer.Rule(indent);
                writer.Space(6);
                break;
            case HtmlBlock html:
                writer.Paragraph([new Span(CodeText(html), TextStyle.Mono)], 8, indent);
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    WriteBlock(writer, child, indent);
                }

                break;
            default:
                // Link reference definitions and blank lines draw nothing.
                break;
        }
    }

    private static void WriteList(PageWriter writer, ListBlock list, double indent)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? number.ToString(CultureInfo.InvariantCulture) + "." : "•";
            number++;
            writer.EnsureSpace(PageWriter.BodySize * 1.4);
            var markerY = writer.Y;
            var markerPage = writer.PageNumber;
            foreach (var child in item)
            {
                if (child is ParagraphBlock paragraph)
                {
                    // Items of a tight list sit close together.
                    writer.Paragraph(Spans(paragraph.Inline, TextStyle.Regular), PageWriter.BodySize, indent + 16);
                    if (!list.IsLoose)
                    {
                        continue;
                    }

                    writer.Space(3);
                }
                else
                {
                    WriteBlock(writer, child, indent + 16);
                }
            }

            if (markerPage == writer.PageNumber || item.Count == 0)
            {
                writer.Painter.Draw(writer.Gfx, marker, PageWriter.BodySize, TextStyle.Regular, PdfSharp.Drawing.XBrushes.Black, PageWriter.Margin + indent + 4, markerY);
            }
        }
    }

    private static void WriteTable(PageWriter writer, Table table, double indent)
    {
        var rows = table.OfType<TableRow>().ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Repeat((PageWriter.ContentWidth - indent) / columns, columns).ToArray();
        IReadOnlyList<Span>[] Cells(TableRow row) =>
            [.. Enumerable.Range(0, columns).Select(c => c < row.Count && row[c] is TableCell cell
                ? cell.OfType<ParagraphBlock>().SelectMany(p => Spans(p.Inline, TextStyle.Regular)).ToList()
                : (IReadOnlyList<Span>)[])];

        var header = rows[0].IsHeader ? Cells(rows[0]) : [.. Enumerable.Repeat<IReadOnlyList<Span>>([], columns)];
        writer.Space(2);
        writer.Table("Table", widths, header, rows.Skip(rows[0].IsHeader ? 1 : 0).Select(Cells));
        writer.Space(6);
    }

    private static string CodeText(LeafBlock block)
    {
        var sb = new StringBuilder();
        var lines = block.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            sb.Append(lines.Lines[i].Slice.ToString());
        }

        return sb.ToString();
    }

    private static List<Span> Spans(ContainerInline? inlines, TextStyle style)
    {
        var spans = new List<Span>();
        if (inlines is not null)
        {
            AddSpans(spans, inlines, style, null);
        }

        return spans;
    }

    private static void AddSpans(List<Span> spans, ContainerInline container, TextStyle style, string? link)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    spans.Add(new Span(literal.Content.ToString(), style, link));
                    break;
                case CodeInline code:
                    spans.Add(new Span(code.Content, style | TextStyle.Mono, link));
                    break;
                case LineBreakInline lineBreak:
                    spans.Add(lineBreak.IsHard ? new Span(Span.LineBreak, style) : new Span(" ", style, link));
                    break;
                case HtmlEntityInline entity:
                    spans.Add(new Span(entity.Transcoded.ToString(), style, link));
                    break;
                case HtmlInline html:
                    spans.Add(new Span(html.Tag, style | TextStyle.Mono, link));
                    break;
                case AutolinkInline autolink:
                    spans.Add(new Span(autolink.Url, style, autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url));
                    break;
                case LinkInline { IsImage: true } image:
                    var alt = new List<Span>();
                    AddSpans(alt, image, style, link);
                    spans.Add(new Span("[image: " + string.Concat(alt.Select(a => a.Text)) + "]", style | TextStyle.Italic, link));
                    break;
                case LinkInline linkInline:
                    AddSpans(spans, linkInline, style, SafeLink(linkInline.GetDynamicUrl?.Invoke() ?? linkInline.Url) ?? link);
                    break;
                case EmphasisInline emphasis:
                    var added = emphasis.DelimiterChar is '*' or '_'
                        ? emphasis.DelimiterCount >= 2 ? TextStyle.Bold : TextStyle.Italic
                        : TextStyle.Regular;
                    AddSpans(spans, emphasis, style | added, link);
                    break;
                case ContainerInline inner:
                    AddSpans(spans, inner, style, link);
                    break;
                default:
                    spans.Add(new Span(inline.ToString() ?? "", style, link));
                    break;
            }
        }
    }

    /// <summary>Only web and mail links become clickable; anything else (javascript:, file:) stays text.</summary>
    private static string? SafeLink(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) ? url : null;
}
