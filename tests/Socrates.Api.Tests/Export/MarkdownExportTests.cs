using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Socrates.Api.Export;

namespace Socrates.Api.Tests.Export;

public sealed class MarkdownExportTests
{
    [Fact]
    public void Hostile_values_read_back_as_the_same_categories_keys_and_values()
    {
        var export = ExportSamples.Hostile();
        var markdown = MarkdownExporter.Render(export);

        var read = MarkdownImporter.TryRead(markdown, out var error, out var filesListed);

        Assert.True(read is not null, error);
        Assert.Equal(export.Project.Name, read.Name);
        Assert.Equal(export.Project.Description, read.Description);
        Assert.Equal(export.Project.Phase, read.Phase);
        Assert.Equal(export.Project.Llm.Provider, read.LlmProvider);
        Assert.Equal(export.Project.Llm.Model, read.LlmModel);
        Assert.Equal(2, filesListed);
        Assert.Equal(export.Specifications.Count, read.Specifications.Count);
        for (var i = 0; i < export.Specifications.Count; i++)
        {
            var expected = export.Specifications[i];
            var actual = read.Specifications[i];
            Assert.Equal(expected.Category, actual.Category);
            Assert.Equal(expected.Key, actual.Key);
            Assert.Equal(expected.Value, actual.Value);
            Assert.Equal(expected.Confidence, actual.Confidence);
            Assert.Equal(expected.Source, actual.Source);
        }

        Assert.Equal(export.Documents.Select(d => (d.Title, d.Content, d.Source)), read.Documents.Select(d => (d.Title, d.Content, d.Source)));
    }

    [Fact]
    public void User_text_adds_no_structure_for_a_plain_CommonMark_reader()
    {
        var export = ExportSamples.Hostile();
        var document = Markdown.Parse(MarkdownExporter.Render(export));

        // One HTML block (the marker), one H1, five H2 sections, and an H3 per category and per document.
        Assert.Single(document.OfType<HtmlBlock>());
        Assert.Single(document.OfType<HeadingBlock>(), h => h.Level == 1);
        Assert.Equal(["Project", "Specifications", "Knowledge documents", "Generated files"],
            document.OfType<HeadingBlock>().Where(h => h.Level == 2).Select(h => MarkdownImporter.InlineText(h.Inline)));
        var categories = export.Specifications.Select(s => s.Category).Distinct().Count();
        Assert.Equal(categories + export.Documents.Count, document.OfType<HeadingBlock>().Count(h => h.Level == 3));
        Assert.Equal(export.Specifications.Count, document.OfType<HeadingBlock>().Count(h => h.Level == 4));
        Assert.Equal(export.Specifications.Select(s => s.Key),
            document.OfType<HeadingBlock>().Where(h => h.Level == 4).Select(h => MarkdownImporter.InlineText(h.Inline)));

        // No link, image, raw HTML or emphasis came out of user text: the only emphasis is the exporter's own bold fact labels.
        var inlines = document.Descendants<Inline>().ToList();
        Assert.DoesNotContain(inlines, i => i is LinkInline or AutolinkInline or HtmlInline or CodeInline);
        Assert.All(inlines.OfType<EmphasisInline>(), e => Assert.Equal(2, e.DelimiterCount));
        Assert.Equal(4, inlines.OfType<EmphasisInline>().Count());
    }

    [Fact]
    public void Random_punctuation_and_whitespace_survive_as_keys_and_values()
    {
        const string alphabet = "#*_|`<>&;[]()!\\-+=.:~^\"',?%/@${} \t\n\r12abc1Ωж";
        var random = new Random(20261125);
        var specs = new List<ExportedSpecification>();
        for (var i = 0; i < 2000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var key = new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => alphabet[random.Next(alphabet.Length - 6)])]) + i;
            if (string.IsNullOrWhiteSpace(value))
            {
                value += "x";
            }

            specs.Add(ExportSamples.Spec("fuzz", key, value, 1));
        }

        var export = ExportSamples.Project("Fuzz", "", specs, [], []);
        var markdown = MarkdownExporter.Render(export);
        var read = MarkdownImporter.TryRead(markdown, out var error, out _);

        Assert.True(read is not null, error + "\n" + string.Join('\n', markdown.Split('\n').Skip(10).Take(12)));
        Assert.Equal(export.Specifications.Select(s => (s.Key, s.Value)), read.Specifications.Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void Ordinary_identifiers_are_written_without_backslashes_and_still_read_back()
    {
        string[] ordinary =
        [
            "gpt-5-mini", "tech_stack", "C#", "e.g. v1.2.3", "key: value (draft)", "src/main.py", "R&D team", "50% of users!",
            "snake_case_name", "user's \"quoted\" text", "a = b + c - d", "https://example.com/path?q=1", "issue #12", "~/notes",
            "a > b and c | d", "[x] and *y* and <z>",
        ];
        var export = ExportSamples.Project("gpt-5-mini & C#",
            "Uses tech_stack notes.",
            [.. ordinary.Select((o, i) => ExportSamples.Spec("tech_stack", o, o, 0.5, "github_import"))],
            [],
            [new ExportedFile(Guid.NewGuid(), "src/my_app/main-window.cs", "csharp", "", ExportSamples.Time, ExportSamples.Time)]);

        var markdown = MarkdownExporter.Render(export);
        var read = MarkdownImporter.TryRead(markdown, out var error, out _);

        // Only the last sample holds characters CommonMark reads as syntax ('[', '*', '<'): they alone are escaped.
        var backslashes = markdown.Split('\n').Where(l => l.Contains('\\', StringComparison.Ordinal)).ToList();
        Assert.All(backslashes, l => Assert.Contains("\\[x] and \\*y\\* and \\<z>", l, StringComparison.Ordinal));
        Assert.Equal(2, backslashes.Count);
        Assert.Contains("#### gpt-5-mini\n", markdown, StringComparison.Ordinal);
        Assert.Contains("### tech_stack\n", markdown, StringComparison.Ordinal);
        Assert.Contains("# gpt-5-mini & C#\n", markdown, StringComparison.Ordinal);
        Assert.True(read is not null, error);
        Assert.Equal(export.Specifications.Select(s => (s.Key, s.Value)), read.Specifications.Select(s => (s.Key, s.Value)));
        Assert.Equal(export.Project.Name, read.Name);
    }

    [Theory]
    [InlineData("# heading")]
    [InlineData("- item")]
    [InlineData("+ item")]
    [InlineData("-")]
    [InlineData("1. item")]
    [InlineData("1) item")]
    [InlineData("> quote")]
    [InlineData("~~~")]
    [InlineData("---")]
    [InlineData("text ##")]
    [InlineData("&amp; &#35; &#x23;")]
    [InlineData("_under_ and __strong__")]
    [InlineData("back\\*slash")]
    public void Text_that_would_be_syntax_where_it_stands_is_escaped(string text)
    {
        var export = ExportSamples.Project(text, "", [ExportSamples.Spec("goals", text, text, 1)], [], []);

        var read = MarkdownImporter.TryRead(MarkdownExporter.Render(export), out var error, out _);

        Assert.True(read is not null, error);
        Assert.Equal(text, read.Name);
        Assert.Equal(text, Assert.Single(read.Specifications).Key);
        Assert.Equal(text, Assert.Single(read.Specifications).Value);
    }

    [Theory]
    [InlineData("windows\r\nline endings\r\n")]
    [InlineData("old mac\rlone CR\r")]
    [InlineData("mixed\r\nCRLF\nLF\rCR\n\r\r\n")]
    [InlineData("trailing spaces   \n\tleading tab\tand inner tab\t\n  \n")]
    [InlineData("\r\n\r\nstarts and ends with blank lines\r\n\r\n")]
    public void Multi_line_values_descriptions_and_documents_come_back_byte_for_byte(string text)
    {
        var export = ExportSamples.Project("Bytes", text,
            [ExportSamples.Spec("notes", "k", text, 1)],
            [new ExportedDocument(Guid.NewGuid(), "T", text, "user", ExportSamples.Time)], []);
        var markdown = MarkdownExporter.Render(export);

        var read = MarkdownImporter.TryRead(markdown, out var error, out _);

        Assert.True(read is not null, error);
        Assert.Equal(text, read.Description);
        Assert.Equal(text, Assert.Single(read.Specifications).Value);
        Assert.Equal(text, Assert.Single(read.Documents).Content);
        Assert.DoesNotContain('\r', markdown);
    }

    [Fact]
    public void A_document_is_fenced_longer_than_any_backtick_run_in_it()
    {
        var content = "before\n`````\nfive ticks\n`````\nafter";
        var export = ExportSamples.Project("Docs", "", [], [new ExportedDocument(Guid.NewGuid(), "T", content, "user", ExportSamples.Time)], []);
        var markdown = MarkdownExporter.Render(export);

        Assert.Contains("``````markdown\n", markdown, StringComparison.Ordinal);
        var fence = Markdown.Parse(markdown).Descendants<FencedCodeBlock>().Single();
        Assert.Equal(content, MarkdownImporter.FenceText(fence));
    }

    [Fact]
    public void The_same_project_gives_the_same_text_with_LF_line_endings_only()
    {
        var export = ExportSamples.Hostile();
        var first = MarkdownExporter.Render(export);

        Assert.Equal(first, MarkdownExporter.Render(export with { ExportedAt = export.ExportedAt.AddDays(1) }));
        Assert.DoesNotContain('\r', first);
    }

    [Fact]
    public void A_file_without_the_marker_is_not_read_as_an_export()
    {
        Assert.Null(MarkdownImporter.TryRead("# Just some notes\n\n## Project\n", out var error, out _));
        Assert.Contains("not a Socrates Markdown export", error, StringComparison.Ordinal);
    }
}
