using System.Text.RegularExpressions;
using Socrates.Api.Export;
using UglyToad.PdfPig;

namespace Socrates.Api.Tests.Export;

public sealed partial class PdfExportTests
{
    private static readonly PdfExporter Exporter = new();

    [Fact]
    public void Every_specification_value_can_be_read_back()
    {
        var specs = new List<ExportedSpecification>
        {
            ExportSamples.Spec("goals", "greek", "Καλημέρα κόσμε", 1),
            ExportSamples.Spec("goals", "cyrillic", "Съешь же ещё этих мягких булок", 0.8),
            ExportSamples.Spec("goals", "check", "done ✓", 0.5),
            ExportSamples.Spec("tech_stack", "markdownish", "# not | a *heading* `x` <b>", 1),
            ExportSamples.Spec("tech_stack", "long", string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}")), 1),
            ExportSamples.Spec("tech_stack", "multiline", "first line\nsecond line", 1),
        };
        var export = ExportSamples.Project("Ünïcode Prøject", "Description", specs,
            [new Api.Export.ExportedDocument(Guid.NewGuid(), "Notes", "Document body text", "user", ExportSamples.Time)], []);

        var bytes = Exporter.Render(export, "Ada Lovelace");
        var text = Squash(AllText(bytes, out _));
        var values = Squash(ColumnText(bytes, 1));

        Assert.All(specs, s => Assert.Contains(Squash(s.Value), values, StringComparison.Ordinal));
        Assert.All(specs, s => Assert.Contains(Squash(s.Key), text, StringComparison.Ordinal));
        Assert.Contains(Squash("Ünïcode Prøject"), text, StringComparison.Ordinal);
        Assert.Contains("Documentbodytext", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_information_names_the_project_author_and_date()
    {
        var export = ExportSamples.Hostile();
        using var pdf = PdfDocument.Open(Exporter.Render(export, "Ada Lovelace"));

        Assert.Equal(export.Project.Name, pdf.Information.Title);
        Assert.Equal("Ada Lovelace", pdf.Information.Author);
        Assert.StartsWith("D:20261125", pdf.Information.CreationDate, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_specifications_paginate_with_page_numbers_and_repeated_table_headers()
    {
        var export = ExportSamples.Large(10_000, 3);
        var bytes = Exporter.Render(export);

        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.GetPages().ToList();
        Assert.True(pages.Count > 100, $"{pages.Count} pages");
        var headerPages = 0;
        var allText = new System.Text.StringBuilder();
        foreach (var page in pages)
        {
            var text = string.Join(' ', page.GetWords().Select(w => w.Text));
            allText.Append(text).Append(' ');
            Assert.Contains($"page {page.Number} of {pages.Count}", text, StringComparison.Ordinal);
            if (text.Contains("Key Value Confidence", StringComparison.Ordinal))
            {
                headerPages++;
            }
        }

        // Every page that holds specification rows starts with the header row; the cover, contents and documents pages do not.
        Assert.True(headerPages >= pages.Count - 5, $"header on {headerPages} of {pages.Count} pages");
        var values = Squash(ColumnText(bytes, 1));
        Assert.All(export.Specifications, s => Assert.Contains(Squash(s.Value), values, StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_longer_than_a_page_carries_on_over_the_page_break()
    {
        var huge = string.Join('\n', Enumerable.Range(0, 150).Select(i => $"line{i:D3}"));
        var export = ExportSamples.Project("Tall", "", [ExportSamples.Spec("goals", "huge", huge, 1)], [], []);

        var bytes = Exporter.Render(export);
        _ = AllText(bytes, out var pageCount);

        Assert.True(pageCount >= 3, $"{pageCount} pages");
        Assert.Contains(Squash(huge), Squash(ColumnText(bytes, 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_with_CJK_characters_uses_the_configured_CJK_font()
    {
        // Any TrueType file stands in for a CJK font here (DejaVu Sans Mono, embedded as a font of its own).
        var withCjk = new PdfExporter(Path.Combine(AppContext.BaseDirectory, "Export", "Fonts", "DejaVuSansMono.ttf"));
        var mixed = ExportSamples.Project("Mixed", "", [ExportSamples.Spec("goals", "latin", "plain words", 1), ExportSamples.Spec("goals", "cjk", "日本語 xyz", 1)], [], []);

        using var pdf = PdfDocument.Open(withCjk.Render(mixed));

        // Only the CJK characters change font; the Latin letters beside them stay in DejaVu Sans.
        var letters = pdf.GetPages().SelectMany(p => p.Letters).ToList();
        Assert.All(letters.Where(l => l.Value is "日" or "本" or "語"), l => Assert.Contains("DejaVu Sans Mono", l.FontName, StringComparison.Ordinal));
        var at = Enumerable.Range(0, letters.Count - 2).Single(i => letters[i].Value + letters[i + 1].Value + letters[i + 2].Value == "xyz");
        Assert.All(letters.GetRange(at, 3), l => Assert.DoesNotContain("Mono", l.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_host_fonts_CJK_falls_back_to_DejaVu_Sans_and_the_export_still_succeeds()
    {
        var empty = Directory.CreateTempSubdirectory("socrates-no-fonts");
        try
        {
            var export = ExportSamples.Project("CJK", "", [ExportSamples.Spec("goals", "cjk", "日本語 text", 1)], [], []);

            using var pdf = PdfDocument.Open(new PdfExporter(fontDirectories: [empty.FullName]).Render(export));

            var letters = pdf.GetPages().SelectMany(p => p.Letters).ToList();
            Assert.Contains(letters, l => l.Value == "t");
            Assert.All(letters, l => Assert.StartsWith("DejaVu Sans", (l.FontName ?? "").Split('+')[^1], StringComparison.Ordinal));
        }
        finally
        {
            empty.Delete();
        }
    }

    private static string AllText(byte[] bytes, out int pageCount)
    {
        using var pdf = PdfDocument.Open(bytes);
        pageCount = pdf.NumberOfPages;
        return string.Join(' ', pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
    }

    /// <summary>The words of one table column, page by page and line by line, as a reader of that column sees them.</summary>
    internal static string ColumnText(byte[] bytes, int column)
    {
        var (left, right) = (PdfExporter.ColumnLeft(column), PdfExporter.ColumnLeft(column + 1));
        using var pdf = PdfDocument.Open(bytes);
        var sb = new System.Text.StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            // Words of one line share a baseline, whatever their glyphs' heights. The repeated header row and the
            // footer ("page N of M", centred, so inside the value column) are left out.
            var words = page.GetWords().ToList();
            var headers = words.Where(w => w.Text == "Confidence" && w.BoundingBox.Left >= PdfExporter.ColumnLeft(2))
                .Select(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1)).ToHashSet();
            foreach (var word in words
                .Where(w => w.BoundingBox.Left >= left && w.BoundingBox.Left < right && w.Letters[0].StartBaseLine.Y > 60 && !headers.Contains(Math.Round(w.Letters[0].StartBaseLine.Y, 1)))
                .OrderByDescending(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1)).ThenBy(w => w.BoundingBox.Left))
            {
                sb.Append(word.Text).Append(' ');
            }
        }

        return sb.ToString();
    }

    /// <summary>Wrapping moves line breaks; what must survive is the characters, in order.</summary>
    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
