using System.Text;
using Socrates.Api.Export;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Socrates.Api.Tests.Export;

/// <summary>
/// Every script reads back from the PDF as typed, in a font that has its glyphs. CJK, Hangul and emoji fonts come from
/// Debian's fonts-droid-fallback, fonts-nanum and fonts-symbola, which .ci/run installs.
/// </summary>
public sealed class PdfScriptsTests
{
    private static readonly PdfExporter Exporter = new();

    public static TheoryData<string, string> Samples => new()
    {
        { PdfSamples.Chinese, "Droid Sans Fallback" },
        { PdfSamples.Japanese, "Droid Sans Fallback" },
        { PdfSamples.Korean, "NanumGothic" },
        { PdfSamples.Arabic, "Noto Sans Arabic" },
        { PdfSamples.Hebrew, "Noto Sans Hebrew" },
        { PdfSamples.Devanagari, "Noto Sans Devanagari" },
        { PdfSamples.Emoji, "Symbola" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_sample_reads_back_in_logical_order_in_a_font_that_has_it(string sample, string font)
    {
        var export = ExportSamples.Project("Scripts", "", [ExportSamples.Spec("goals", "sample", $"before {sample} after", 1)], [], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));

        var letters = pdf.GetPages().SelectMany(p => p.Letters).ToList();
        var text = Logical(letters);
        Assert.Contains(Logical(sample), text, StringComparison.Ordinal);
        Assert.Contains("before" + Logical(sample) + "after", text, StringComparison.Ordinal);
        var sampleLetters = letters.Where(l => l.Value.Any(c => c > '\u024F' && !char.IsWhiteSpace(c))).ToList();
        Assert.NotEmpty(sampleLetters);
        Assert.All(sampleLetters, l => Assert.Contains(font, l.FontName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PdfSamples.Arabic)]
    [InlineData(PdfSamples.Hebrew)]
    public void Right_to_left_text_is_laid_out_from_the_right(string sample)
    {
        var export = ExportSamples.Project("RTL", "", [ExportSamples.Spec("goals", "sample", sample, 1)], [], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));

        // In logical order, each word's letters move leftwards, and the second word is left of the first.
        var letters = pdf.GetPages().SelectMany(p => p.Letters).Where(l => l.Value.Any(c => c is >= '\u0590' and <= '\u06FF' or >= '\uFB1D' and <= '\uFEFF')).ToList();
        Assert.Equal(sample.Count(c => c != ' '), letters.Count);
        for (var i = 1; i < letters.Count; i++)
        {
            Assert.True(letters[i].StartBaseLine.X < letters[i - 1].StartBaseLine.X, $"letter {i} '{letters[i].Value}' at {letters[i].StartBaseLine.X} is not left of {letters[i - 1].StartBaseLine.X}");
        }
    }

    [Fact]
    public void Arabic_letters_are_joined_in_their_contextual_forms()
    {
        var export = ExportSamples.Project("Arabic", "", [ExportSamples.Spec("goals", "sample", "بيت", 1)], [], []);
        using var pdf = PdfDocument.Open(Exporter.Render(export));

        // Beh initial, yeh medial, teh final: the forms a reader sees joined.
        var letters = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Where(c => c >= '\uFE70').ToArray();
        Assert.Equal("\uFE91\uFEF4\uFE96", new string(letters));
    }

    [Fact]
    public void Fonts_are_embedded_as_subsets_so_a_few_CJK_characters_add_well_under_a_megabyte()
    {
        var latin = ExportSamples.Project("Size", "", [ExportSamples.Spec("goals", "k", "plain words", 1)], [], []);
        var mixed = ExportSamples.Project("Size", "", [
            ExportSamples.Spec("goals", "k", "plain words", 1),
            ExportSamples.Spec("goals", "all", string.Join(' ', PdfSamples.Chinese, PdfSamples.Japanese, PdfSamples.Korean, PdfSamples.Arabic, PdfSamples.Hebrew, PdfSamples.Devanagari, PdfSamples.Emoji), 1),
        ], [], []);

        var latinBytes = Exporter.Render(latin).Length;
        var mixedBytes = Exporter.Render(mixed).Length;

        Assert.True(mixedBytes - latinBytes <= 1_000_000, $"{latinBytes:N0} bytes Latin only, {mixedBytes:N0} with every script");
    }

    private static string Logical(IEnumerable<Letter> letters) => Logical(string.Concat(letters.Select(l => l.Value)));

    /// <summary>Without spaces, with Arabic presentation forms folded back to letters (NFKC), as a search in a reader would compare.</summary>
    private static string Logical(string text) => new(text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)).ToArray());
}
