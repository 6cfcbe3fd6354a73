using Microsoft.Extensions.Options;
using PdfSharp.Pdf;
using Socrates.Api.Export.Pdf;
using Socrates.Api.Specifications;

namespace Socrates.Api.Export;

/// <summary>
/// The PDF export, drawn with PDFsharp on A4: a cover block (facts and a maturity chart), a table of contents with
/// page numbers and links, one table per specification category (key, value, confidence in words, source) whose
/// rows wrap and whose header repeats on every page it spans, the knowledge documents rendered from their Markdown,
/// the clarifications log (question, answer, dates), the generated files with their sizes, "page N of M" on every page, bookmarks for every section, and title,
/// author, subject and keywords in the document information and its XMP. Fonts are chosen per script
/// (<see cref="FontLibrary"/>) and embedded as subsets; the file declares PDF/A-2b (<see cref="PdfArchive"/>).
/// </summary>
public sealed class PdfExporter
{
    private static readonly double[] ColumnWidths = [PageWriter.ContentWidth * 0.22, PageWriter.ContentWidth * 0.44, PageWriter.ContentWidth * 0.19, PageWriter.ContentWidth * 0.15];
    private static readonly string[] ColumnTitles = ["Key", "Value", "Confidence", "Source"];
    private static readonly double[] FileColumnWidths = [PageWriter.ContentWidth * 0.64, PageWriter.ContentWidth * 0.2, PageWriter.ContentWidth * 0.16];

    private readonly FontLibrary _fonts;

    /// <summary>Where a specification table's column starts (4 = its right edge), in points from the page's left edge.</summary>
    internal static double ColumnLeft(int column) => PageWriter.Margin + ColumnWidths.Take(column).Sum();

    public PdfExporter(IOptions<ExportOptions> options, IHostEnvironment environment)
    {
        var cjk = options.Value.CjkFontFile is { Length: > 0 } file ? Path.GetFullPath(file, environment.ContentRootPath) : null;
        _fonts = new FontLibrary(cjk, options.Value.FontDirectories is { Length: > 0 } directories ? directories : null);
    }

    /// <summary>For the tests and the benchmark, which have no host.</summary>
    public PdfExporter(string? cjkFontFile = null, IEnumerable<string>? fontDirectories = null) =>
        _fonts = new FontLibrary(cjkFontFile, fontDirectories);

    public byte[] Render(ProjectExport export, string author = "Socrates")
    {
        using var document = new PdfDocument();
        PdfFinish.Configure(document);
        var p = export.Project;
        var categories = export.Specifications.Select(s => s.Category).Distinct().ToList();
        document.Info.Title = p.Name;
        document.Info.Author = author;
        document.Info.Subject = $"Software specification of {p.Name}, exported from Socrates";
        document.Info.Keywords = string.Join(", ", new[] { "Socrates", "specification", p.Phase }.Concat(categories.Select(SpecificationWording.Category)));
        document.Info.Creator = "Socrates";
        document.Info.CreationDate = export.ExportedAt;
        document.PageMode = PdfPageMode.UseOutlines;

        var painter = new TextPainter(_fonts);
        painter.Attach(document);
        var writer = new PageWriter(document, painter);
        var contents = new Contents();
        writer.NewPage();
        writer.Bookmark(p.Name);
        CoverBlock.Write(writer, export);

        var sections = Sections(export);
        contents.Reserve(writer, sections.Sum(s => s.Entries));
        foreach (var section in sections)
        {
            writer.NewPage();
            var bookmark = writer.Bookmark(section.Title);
            contents.Add(section.Title, 1, writer.PageNumber);
            writer.Paragraph([new Span(section.Title, TextStyle.Bold)], 16, 0, 24);
            writer.Space(4);
            section.Write(writer, (title, y) =>
            {
                writer.Bookmark(title, bookmark);
                contents.Add(title, 2, writer.PageNumber);
            });
        }

        contents.Draw(writer);
        writer.Finish();

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return PdfFinish.Finish(stream.ToArray(), export.ExportedAt);
    }

    /// <summary>
    /// A top-level section: its title, how many contents entries it adds (itself and its parts), and how it writes
    /// itself, announcing each part so it gets a bookmark and a contents line. New sections (an appendix, say)
    /// are one more entry in <see cref="Sections"/>.
    /// </summary>
    private sealed record Section(string Title, int Entries, Action<PageWriter, Action<string, double>> Write);

    private static List<Section> Sections(ProjectExport export)
    {
        var categories = export.Specifications.GroupBy(s => s.Category).ToList();
        var sections = new List<Section> { new("Specifications", 1 + categories.Count, (w, part) => Specifications(w, categories, part)) };
        if (export.Documents.Count > 0)
        {
            sections.Add(new("Knowledge documents", 1 + export.Documents.Count, (w, part) => Documents(w, export.Documents, part)));
        }

        if (export.Clarifications is { Count: > 0 } clarifications)
        {
            sections.Add(new("Clarifications", 1, (w, _) => Clarifications(w, clarifications)));
        }

        if (export.GeneratedFiles.Count > 0)
        {
            sections.Add(new("Generated files", 1, (w, _) => Files(w, export.GeneratedFiles)));
        }

        return sections;
    }

    private static void Specifications(PageWriter writer, List<IGrouping<string, ExportedSpecification>> categories, Action<string, double> part)
    {
        if (categories.Count == 0)
        {
            writer.Text("No specifications yet.");
        }

        foreach (var category in categories)
        {
            var name = SpecificationWording.Category(category.Key);
            writer.EnsureSpace(70);
            part(name, writer.Y);
            writer.Paragraph([new Span(name, TextStyle.Bold)], 12, 0, 18);
            writer.Table(name, ColumnWidths, [.. ColumnTitles.Select(t => (IReadOnlyList<Span>)[new Span(t)])],
                category.Select(s => new IReadOnlyList<Span>[] { [new Span(s.Key)], [new Span(s.Value)], [new Span(SpecificationWording.Confidence(s.Confidence))], [new Span(SpecificationWording.Source(s.Source))] }));
            writer.Space(12);
        }
    }

    private static void Documents(PageWriter writer, IReadOnlyList<ExportedDocument> documents, Action<string, double> part)
    {
        foreach (var doc in documents)
        {
            writer.EnsureSpace(80);
            part(doc.Title, writer.Y);
            writer.Paragraph([new Span(doc.Title, TextStyle.Bold)], 13, 0, 18);
            writer.Text($"Source: {SpecificationWording.Source(doc.Source)} · added {doc.CreatedAt:yyyy-MM-dd}", 8, TextStyle.Italic);
            writer.Space(6);
            MarkdownPdf.Write(writer, doc.Content, doc.Title);
            writer.Space(10);
        }
    }

    /// <summary>Each question the workspace asked, what it was about and when, then the answer and its date.</summary>
    private static void Clarifications(PageWriter writer, IReadOnlyList<ExportedClarification> clarifications)
    {
        foreach (var c in clarifications)
        {
            writer.EnsureSpace(50);
            writer.Paragraph([new Span(c.Question, TextStyle.Bold)], 10, 0, 14);
            writer.Text($"Asked {c.AskedAt:yyyy-MM-dd} about {SpecificationWording.Category(c.Category)} / {c.Key}", 8, TextStyle.Italic);
            writer.Space(2);
            if (c.Answer is null)
            {
                writer.Text("Not answered yet.", indent: 12);
            }
            else
            {
                writer.Paragraph([new Span("→ ", TextStyle.Bold), new Span(c.Answer)], indent: 12);
                writer.Text($"Answered {c.AnsweredAt:yyyy-MM-dd}", 8, TextStyle.Italic, 12);
            }

            writer.Space(8);
            writer.Rule();
            writer.Space(8);
        }
    }

    private static void Files(PageWriter writer, IReadOnlyList<ExportedFile> files)
    {
        writer.Table("Generated files", FileColumnWidths, [[new Span("Path")], [new Span("Language")], [new Span("Size")]],
            files.Select(f => new IReadOnlyList<Span>[] { [new Span(f.Path, TextStyle.Mono)], [new Span(f.Language)], [new Span(Wording.Size(System.Text.Encoding.UTF8.GetByteCount(f.Content)))] }));
    }
}
