using System.Globalization;
using PdfSharp.Drawing;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// The first page's top: the project's name and description, its phase, maturity, model, contents and date, and
/// the maturity of each core category as a bar chart drawn with vector rectangles (a category's maturity is the
/// highest confidence among its specifications, as <see cref="Maturity"/> scores the project).
/// </summary>
public static class CoverBlock
{
    private static readonly XColor BarBack = XColor.FromArgb(234, 236, 241);
    private static readonly XColor BarFill = XColor.FromArgb(58, 110, 190);

    public static void Write(PageWriter writer, ProjectExport export)
    {
        var p = export.Project;
        writer.Paragraph([new Span(p.Name, TextStyle.Bold)], 22, 0, 28);
        writer.Text("Software specification", 11, TextStyle.Regular);
        writer.Space(6);
        if (p.Description.Length > 0)
        {
            writer.Paragraph([new Span(p.Description)], 10);
        }

        writer.Space(6);
        writer.Rule();
        writer.Space(10);
        Fact(writer, "Phase", Capitalised(p.Phase));
        Fact(writer, "Maturity", p.MaturityScore.ToString(CultureInfo.InvariantCulture) + "%");
        Fact(writer, "LLM", p.Llm.Provider is null ? MarkdownExporter.NotChosen : $"{p.Llm.Provider} / {p.Llm.Model}");
        Fact(writer, "Contents", $"{Wording.Count(export.Specifications.Count, "specification")}, {Wording.Count(export.Documents.Count, "document")}, {Wording.Count(export.GeneratedFiles.Count, "generated file")}");
        Fact(writer, "Exported", export.ExportedAt.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture));
        writer.Space(12);
        writer.Text("Maturity by category", 11, TextStyle.Bold);
        writer.Space(4);
        Chart(writer, export);
    }

    private static void Chart(PageWriter writer, ProjectExport export)
    {
        const double labelWidth = 100;
        const double barWidth = 300;
        const double barHeight = 9;
        const double rowHeight = 15;
        var best = export.Specifications.GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.Max(s => s.Confidence), StringComparer.Ordinal);
        foreach (var category in Maturity.CoreCategories)
        {
            writer.EnsureSpace(rowHeight);
            var value = best.GetValueOrDefault(category);
            var x = PageWriter.Margin;
            writer.Painter.Draw(writer.Gfx, SpecificationWording.Category(category), PageWriter.BodySize, TextStyle.Regular, XBrushes.Black, x, writer.Y);
            writer.Gfx.DrawRectangle(new XSolidBrush(BarBack), x + labelWidth, writer.Y + 1, barWidth, barHeight);
            if (value > 0)
            {
                writer.Gfx.DrawRectangle(new XSolidBrush(BarFill), x + labelWidth, writer.Y + 1, barWidth * Math.Clamp(value, 0, 1), barHeight);
            }

            var percent = string.Create(CultureInfo.InvariantCulture, $"{Math.Round(value * 100, MidpointRounding.AwayFromZero):0}%");
            writer.Painter.Draw(writer.Gfx, percent, PageWriter.BodySize, TextStyle.Regular, XBrushes.Black, x + labelWidth + barWidth + 8, writer.Y);
            writer.Space(rowHeight);
        }
    }

    private static void Fact(PageWriter writer, string name, string value)
    {
        writer.EnsureSpace(14);
        var y = writer.Y;
        writer.Painter.Draw(writer.Gfx, name, PageWriter.BodySize + 0.5, TextStyle.Bold, XBrushes.Black, PageWriter.Margin, y);
        writer.Paragraph([new Span(value)], PageWriter.BodySize + 0.5, 90);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
