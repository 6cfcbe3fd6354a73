using System.Text;
using Socrates.Api.Export;
using Socrates.Api.Export.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Socrates.Api.Tests.Export;

/// <summary>Arabic, Persian, Urdu and Hebrew paragraphs as a reader of those scripts expects them, read back with PdfPig.</summary>
public sealed class PdfRightToLeftTests
{
    private const double RightEdge = PageWriter.PageWidth - PageWriter.Margin;
    private static readonly PdfExporter Exporter = new();

    [Fact]
    public void A_right_to_left_paragraph_is_aligned_right_and_a_left_to_right_one_left()
    {
        var letters = DocumentLetters($"{PdfSamples.Arabic}\n\n{PdfSamples.Hebrew}\n\nAn English paragraph.");

        var arabic = letters.Where(l => IsArabic(l.Value)).ToList();
        var hebrew = letters.Where(l => l.Value.Any(c => c is >= '\u0590' and <= '\u05FF')).ToList();
        var english = letters.Where(l => l.Value.Any(char.IsAsciiLetter) && l.StartBaseLine.Y < hebrew[0].StartBaseLine.Y).ToList();
        Assert.Equal(RightEdge, arabic.Max(Right), 1.0);
        Assert.Equal(RightEdge, hebrew.Max(Right), 1.0);
        Assert.Equal(PageWriter.Margin, english.Min(Left), 1.0);

        // The first word typed is the rightmost.
        Assert.True(arabic[0].StartBaseLine.X > arabic[^1].StartBaseLine.X);
    }

    [Fact]
    public void A_right_to_left_value_is_aligned_right_in_its_table_cell()
    {
        var export = ExportSamples.Project("RTL", "", [ExportSamples.Spec("goals", "greeting", PdfSamples.Arabic, 1)], [], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));

        var arabic = pdf.GetPages().SelectMany(p => p.Letters).Where(l => IsArabic(l.Value)).ToList();
        Assert.Equal(PdfExporter.ColumnLeft(2) - PageWriter.CellPadding, arabic.Max(Right), 1.0);
    }

    [Fact]
    public void A_left_to_right_phrase_keeps_its_order_inside_a_right_to_left_paragraph_and_brackets_are_mirrored()
    {
        // "Database PostgreSQL 16 (the version)": the Latin phrase reads left to right between the Arabic words,
        // which read from the right; the brackets around the last Arabic word face it.
        var letters = DocumentLetters("قاعدة البيانات PostgreSQL 16 (الإصدار)");

        var database = Word(letters, "البيانات");
        var postgres = Word(letters, "PostgreSQL");
        var version = Word(letters, "16");
        var edition = Word(letters, "الإصدار");
        Assert.True(postgres.Max(Right) < database.Min(Left), "PostgreSQL is left of the words before it");
        Assert.True(version[0].StartBaseLine.X > postgres[^1].StartBaseLine.X, "16 follows PostgreSQL to its right");
        Assert.True(edition.Max(Right) < postgres.Min(Left), "the bracketed word is left of the phrase");

        var open = letters.Single(l => l.Value == "(");
        var close = letters.Single(l => l.Value == ")");
        Assert.True(Left(open) > edition.Max(Right) - 0.5, "the opening bracket stands right of the word");
        Assert.True(Right(close) < edition.Min(Left) + 0.5, "the closing bracket stands left of it");
        Assert.True(open.EndBaseLine.X < open.StartBaseLine.X, "the opening bracket is drawn mirrored");
        Assert.True(close.EndBaseLine.X < close.StartBaseLine.X, "the closing bracket is drawn mirrored");
        Assert.True(postgres[0].EndBaseLine.X > postgres[0].StartBaseLine.X);
    }

    [Fact]
    public void A_number_and_its_bracket_in_a_right_to_left_paragraph_read_from_the_right()
    {
        // "Hello world [version 2]": from the right, the bracket opens before "version", then 2, then it closes.
        var letters = DocumentLetters("שלום עולם [גרסה 2]");

        var version = Word(letters, "גרסה");
        var open = letters.Single(l => l.Value == "[");
        var close = letters.Single(l => l.Value == "]");
        var two = letters.Single(l => l.Value == "2");
        Assert.True(Left(open) > version.Max(Right) - 0.5, "the opening bracket stands right of the word");
        Assert.True(Right(two) < version.Min(Left) + 0.5, "2 follows the word to its left");
        Assert.True(Right(close) < Left(two) + 0.5, "the closing bracket ends the line on the left");
        Assert.True(open.EndBaseLine.X < open.StartBaseLine.X && close.EndBaseLine.X < close.StartBaseLine.X, "both brackets are drawn mirrored");
    }

    [Fact]
    public void Brackets_in_a_left_to_right_paragraph_are_not_mirrored()
    {
        var letters = DocumentLetters("A note (" + PdfSamples.Arabic + ") in English.");

        var open = letters.Single(l => l.Value == "(");
        var close = letters.Single(l => l.Value == ")");
        Assert.True(open.EndBaseLine.X > open.StartBaseLine.X);
        Assert.True(close.StartBaseLine.X > open.StartBaseLine.X);
    }

    [Theory]
    [InlineData("پیک", "\uFB58\uFBFF\uFB8F")] // Persian: peh initial, farsi yeh medial, keheh final
    [InlineData("پاکستان", "\uFB58\uFE8E\uFB90\uFEB4\uFE98\uFE8E\uFEE5")] // Urdu: keheh initial after alef, noon isolated
    [InlineData("گچ", "\uFB94\uFB7B")] // gaf initial, tcheh final
    [InlineData("می\u200Cشود", "\uFEE3\uFBFD\uFEB7\uFEEE\uFEA9")] // the half-space stops the joining: farsi yeh final, sheen initial
    [InlineData("ہے", "\uFBA8\uFBAF")] // Urdu: heh goal initial, yeh barree final
    public void Persian_and_Urdu_letters_take_their_joined_forms(string word, string forms)
    {
        var export = ExportSamples.Project("Persian", "", [ExportSamples.Spec("goals", "sample", word, 1)], [], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));

        var drawn = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Where(c => c is >= '\uFB50' and <= '\uFEFF').ToArray();
        Assert.Equal(forms, new string(drawn));
    }

    /// <summary>The letters of the document's body: below its "Source:" line and above the page's footer.</summary>
    private static List<Letter> DocumentLetters(string markdown)
    {
        var export = ExportSamples.Project("RTL", "", [], [new ExportedDocument(Guid.NewGuid(), "Notes", markdown, "user", ExportSamples.Time)], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));
        var page = pdf.GetPages().Single(p => p.Text.Contains("Source: user", StringComparison.Ordinal));
        var words = page.GetWords().ToList();
        var top = words.First(w => w.Text == "Source:").BoundingBox.Bottom;
        var bottom = words.Last(w => w.Text == "page").BoundingBox.Top;
        return [.. page.Letters.Where(l => l.StartBaseLine.Y < top - 1 && l.StartBaseLine.Y > bottom + 1 && !string.IsNullOrWhiteSpace(l.Value))];
    }

    /// <summary>The letters of one word, found in logical order (as typed) among the letters read back; a ligature is one letter for two.</summary>
    private static List<Letter> Word(List<Letter> letters, string word)
    {
        for (var i = 0; i < letters.Count; i++)
        {
            var read = "";
            for (var j = i; j < letters.Count; j++)
            {
                read = (read + letters[j].Value).Normalize(NormalizationForm.FormKC);
                if (read == word)
                {
                    return letters.GetRange(i, j - i + 1);
                }

                if (!word.StartsWith(read, StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        throw new InvalidOperationException($"'{word}' is not among {string.Concat(letters.Select(l => l.Value))}");
    }

    private static bool IsArabic(string value) => value.Any(c => c is >= '\u0600' and <= '\u06FF' or >= '\uFB50' and <= '\uFEFF');

    // Along the baseline: a mirrored glyph runs from right to left.
    private static double Left(Letter letter) => Math.Min(letter.StartBaseLine.X, letter.EndBaseLine.X);

    private static double Right(Letter letter) => Math.Max(letter.StartBaseLine.X, letter.EndBaseLine.X);
}
