using System.Collections.Concurrent;
using HarfBuzzSharp;

namespace Socrates.Api.Export.Pdf;

/// <summary>One glyph of a shaped run: its id in the font, the text it draws, and where it sits, in ems from the run's start (y upwards).</summary>
public readonly record struct ShapedGlyph(ushort Glyph, string Text, double X, double Y);

/// <summary>A run shaped by HarfBuzz: its glyphs in logical order (the order their text was typed) and its advance width in ems.</summary>
public sealed record ShapedRun(ShapedGlyph[] Glyphs, double Width);

/// <summary>
/// Shapes text of scripts whose letters change form and place with their neighbours (Devanagari's conjuncts, half
/// forms, and the vowel sign i drawn before its consonant) with HarfBuzz, from the font file PDFsharp embeds. At
/// cluster level "characters" each glyph carries the index of the first character it draws, so each glyph knows its
/// text; the glyphs come back sorted by that index, in logical order, each with its visual place, so a text
/// extractor reading the content stream gets the text as it was typed.
/// </summary>
public static class GlyphShaper
{
    private const string ZeroWidthSpace = "\u200B";

    // One HarfBuzz font per file for the process's lifetime, as PdfFonts keeps the files' bytes: shaping with it is thread-safe.
    private static readonly ConcurrentDictionary<string, Lazy<(HarfBuzzSharp.Font Font, int UnitsPerEm)>> Fonts = new(StringComparer.Ordinal);

    public static ShapedRun Shape(string fontFile, string text)
    {
        var (font, unitsPerEm) = Fonts.GetOrAdd(fontFile, file => new Lazy<(HarfBuzzSharp.Font, int)>(() => Load(file))).Value;
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.ClusterLevel = ClusterLevel.Characters;
        buffer.AddUtf16(text);
        buffer.GuessSegmentProperties();
        font.Shape(buffer);

        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var starts = infos.Select(i => (int)i.Cluster).Distinct().Order().ToArray();
        var read = new HashSet<int>();
        var glyphs = new (int Start, ShapedGlyph Glyph)[infos.Length];
        double x = 0;
        for (var i = 0; i < infos.Length; i++)
        {
            var start = (int)infos[i].Cluster;
            var next = Array.BinarySearch(starts, start) + 1;
            var end = next < starts.Length ? starts[next] : text.Length;

            // A character drawn by several glyphs is read once, from the first of them.
            var glyphText = read.Add(start) ? text[start..end] : ZeroWidthSpace;
            glyphs[i] = (start, new ShapedGlyph((ushort)infos[i].Codepoint, glyphText, (x + positions[i].XOffset) / unitsPerEm, positions[i].YOffset / (double)unitsPerEm));
            x += positions[i].XAdvance;
        }

        return new ShapedRun([.. glyphs.OrderBy(g => g.Start).Select(g => g.Glyph)], x / unitsPerEm);
    }

    private static (HarfBuzzSharp.Font, int) Load(string file)
    {
        var face = new Face(Blob.FromFile(file), 0);
        return (new HarfBuzzSharp.Font(face), face.UnitsPerEm);
    }
}
