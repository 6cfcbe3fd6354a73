using Socrates.Api.Export;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;

namespace Socrates.Api.Tests.Export;

/// <summary>The PDF as a reader meets it, read back with PdfPig: rendered Markdown, contents, bookmarks, metadata and wording.</summary>
public sealed class PdfDocumentTests
{
    private static readonly PdfExporter Exporter = new();
    private static readonly byte[] Reader = Exporter.Render(PdfSamples.Reader(), "Ada Lovelace");

    [Fact]
    public void Markdown_headings_are_rendered_without_their_syntax()
    {
        var page = DocumentsPage();

        Assert.Contains("Architecture notes", page.Text, StringComparison.Ordinal);
        Assert.Contains("Components", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("#", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("```", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("|", page.Text, StringComparison.Ordinal);
        Assert.All(Word(page, "Components").Letters, l => Assert.Contains("Bold", l.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_opening_with_its_own_title_shows_the_title_once()
    {
        var page = DocumentsPage();

        Assert.Single(page.GetWords(), w => w.Text == "Architecture");
    }

    [Fact]
    public void Bold_runs_are_in_the_bold_font_and_the_text_around_them_is_not()
    {
        var page = DocumentsPage();

        Assert.All(Word(page, "Gateway").Letters, l => Assert.Contains("DejaVu Sans,Bold", l.FontName, StringComparison.Ordinal));
        Assert.All(Word(page, "routes").Letters, l => Assert.DoesNotContain("Bold", l.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void Code_blocks_and_inline_code_are_in_the_monospaced_font()
    {
        var page = DocumentsPage();

        Assert.All(Word(page, "gateway.Start();").Letters, l => Assert.Contains("DejaVu Sans Mono", l.FontName, StringComparison.Ordinal));
        Assert.All(Word(page, "dotnet").Letters, l => Assert.Contains("DejaVu Sans Mono", l.FontName, StringComparison.Ordinal));
        Assert.All(Word(page, "server").Letters, l => Assert.DoesNotContain("Mono", l.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void A_Markdown_table_is_drawn_as_rows_of_cells()
    {
        var page = DocumentsPage();

        // Each row's cells share a baseline, in column order; the header row comes first.
        var service = Word(page, "Service");
        var port = Word(page, "Port");
        var gateway = page.GetWords().Single(w => w.Text == "gateway" && Math.Abs(w.BoundingBox.Left - service.BoundingBox.Left) < 1);
        var gatewayPort = Word(page, "8080");
        Assert.Equal(service.BoundingBox.Bottom, port.BoundingBox.Bottom, 1);
        Assert.Equal(gateway.BoundingBox.Bottom, gatewayPort.BoundingBox.Bottom, 1);
        Assert.True(port.BoundingBox.Left > service.BoundingBox.Right);
        Assert.Equal(port.BoundingBox.Left, gatewayPort.BoundingBox.Left, 1);
        Assert.True(gateway.BoundingBox.Bottom < service.BoundingBox.Bottom);
    }

    [Fact]
    public void Links_are_clickable_and_images_are_their_alt_text()
    {
        var page = DocumentsPage();

        var link = Assert.Single(page.GetAnnotations(), a => a.Type == AnnotationType.Link);
        Assert.Contains("(https://example.com/rfc)", link.AnnotationDictionary.ToString(), StringComparison.Ordinal);
        var rfc = Word(page, "RFC.");
        var (r, c) = (link.Rectangle, rfc.BoundingBox.Centroid);
        Assert.True(c.X > r.Left && c.X < r.Right && c.Y > r.Bottom && c.Y < r.Top, $"{r} holds {rfc.BoundingBox}");
        Assert.Contains("[image: diagram of the services]", string.Join(' ', page.GetWords().Select(w => w.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_outline_has_a_bookmark_per_section_category_and_document()
    {
        using var pdf = PdfDocument.Open(Reader);

        Assert.True(pdf.TryGetBookmarks(out var bookmarks));
        var roots = bookmarks.Roots.Select(b => b.Title).ToList();
        Assert.Equal(["Socrates demo", "Specifications", "Knowledge documents", "Clarifications", "Generated files"], roots);
        Assert.Equal(["Goals", "Users", "Tech stack"], bookmarks.Roots[1].Children.Select(c => c.Title));
        Assert.Equal(["Architecture notes"], bookmarks.Roots[2].Children.Select(c => c.Title));
    }

    [Fact]
    public void The_contents_page_lists_each_section_with_its_page_number()
    {
        using var pdf = PdfDocument.Open(Reader);
        var contents = pdf.GetPage(2);
        var lines = contents.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))).ToList();

        Assert.StartsWith("Contents", lines[0], StringComparison.Ordinal);
        Assert.Contains("Specifications 3", lines);
        Assert.Contains("Tech stack 3", lines);
        Assert.Contains("Knowledge documents 4", lines);
        Assert.Contains("Architecture notes 4", lines);
        Assert.Contains("Clarifications 5", lines);
        Assert.Contains("Generated files 6", lines);
        Assert.Contains("Architecture notes", pdf.GetPage(4).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clarifications_log_shows_each_question_its_answer_and_their_dates()
    {
        using var pdf = PdfDocument.Open(Reader);
        var page = pdf.GetPages().Single(p => p.Text.Contains("Which database will hold", StringComparison.Ordinal));
        var lines = page.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key)
            .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))).ToList();

        var asked = lines.IndexOf("Which database will hold the specifications?");
        Assert.True(asked > 0, string.Join(" / ", lines));
        Assert.Equal("Clarifications", lines[asked - 1]);
        Assert.Equal("Asked 2026-11-25 about Tech stack / database", lines[asked + 1]);
        Assert.Equal("→ PostgreSQL in production, SQLite on a laptop.", lines[asked + 2]);
        Assert.Equal("Answered 2026-11-26", lines[asked + 3]);
        Assert.Equal("Who reads the exported documents?", lines[asked + 4]);
        Assert.Equal("Asked 2026-11-27 about Users / audience", lines[asked + 5]);
        Assert.Equal("Not answered yet.", lines[asked + 6]);
        Assert.All(page.GetWords().First(w => w.Text == "Which").Letters, l => Assert.Contains("Bold", l.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_without_clarifications_has_no_such_section()
    {
        var export = ExportSamples.Project("Quiet", "", [ExportSamples.Spec("goals", "g", "v", 1)], [], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));

        Assert.True(pdf.TryGetBookmarks(out var bookmarks));
        Assert.DoesNotContain("Clarifications", bookmarks.Roots.Select(b => b.Title));
        Assert.DoesNotContain(pdf.GetPages(), p => p.Text.Contains("Clarifications", StringComparison.Ordinal));
    }

    [Fact]
    public void Document_information_has_title_author_subject_and_keywords()
    {
        using var pdf = PdfDocument.Open(Reader);

        Assert.Equal("Socrates demo", pdf.Information.Title);
        Assert.Equal("Ada Lovelace", pdf.Information.Author);
        Assert.Contains("Socrates demo", pdf.Information.Subject, StringComparison.Ordinal);
        Assert.Contains("Tech stack", pdf.Information.Keywords, StringComparison.Ordinal);
        Assert.Contains("specification", pdf.Information.Keywords, StringComparison.Ordinal);
    }

    [Fact]
    public void Categories_confidences_and_sources_read_as_words_and_files_show_their_sizes()
    {
        var text = string.Join(' ', Pages().SelectMany(p => p.GetWords()).Select(w => w.Text));

        Assert.Contains("Tech stack", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tech_stack", text, StringComparison.Ordinal);
        Assert.Contains("100% · confirmed", text, StringComparison.Ordinal);
        Assert.Contains("60% · likely", text, StringComparison.Ordinal);
        Assert.Contains("30% · guess", text, StringComparison.Ordinal);
        Assert.Contains("GitHub import", text, StringComparison.Ordinal);
        Assert.Contains("model's suggestion", text, StringComparison.Ordinal);
        Assert.Contains("README.md markdown 2 KB", text, StringComparison.Ordinal);
        Assert.Contains("src/main.py python 12 B", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cover_shows_the_facts_and_a_bar_per_core_category()
    {
        using var pdf = PdfDocument.Open(Reader);
        var cover = pdf.GetPage(1);
        var text = string.Join(' ', cover.GetWords().Select(w => w.Text));

        Assert.Contains("Phase Design", text, StringComparison.Ordinal);
        Assert.Contains("Maturity 42%", text, StringComparison.Ordinal);
        Assert.Contains("25 November 2026", text, StringComparison.Ordinal);
        Assert.Contains("Goals 100%", text, StringComparison.Ordinal);
        Assert.Contains("Tech stack 90%", text, StringComparison.Ordinal);
        Assert.Contains("Deployment 0%", text, StringComparison.Ordinal);

        // Bars are vector rectangles: a background per category and a fill for each category with a confidence.
        var rectangles = cover.Paths.Count(p => p.IsFilled);
        Assert.True(rectangles >= 11 + 3, $"{rectangles} filled paths");
    }

    [Fact]
    public async Task Qpdf_accepts_the_readers_export()
    {
        var (exit, output) = await PdfValidityTests.QpdfCheckAsync(Reader);

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
    }

    // Open for the class's lifetime: PdfPig reads a page's annotations lazily, from the open document. Tests of one class run one at a time.
    private static readonly PdfDocument Opened = PdfDocument.Open(Reader);

    private static List<Page> Pages() => [.. Opened.GetPages()];

    private static Page DocumentsPage() => Pages().Single(p => p.Text.Contains("Keep the gateway stateless", StringComparison.Ordinal));

    private static Word Word(Page page, string text) => page.GetWords().First(w => w.Text == text);
}
