using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Puts right what PDFsharp writes wrong, on the saved document read back: its Flate encoder leaves out the zlib
/// stream's closing Adler-32 checksum, which strict validators (qpdf) report on every stream, so the document is
/// saved uncompressed and each stream is compressed here. Its ToUnicode maps put every entry in one bfrange block
/// (the format allows 100) and write a code point beyond U+FFFF (an emoji) as five hex digits instead of a UTF-16
/// surrogate pair, so they are rewritten as bfchar blocks of 100, where a shaped glyph drawn under a private-use
/// character (<see cref="ShapedGlyphCodes"/>) maps to the text it draws.
/// </summary>
public static partial class PdfFinish
{
    public static void Configure(PdfDocument document)
    {
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
    }

    /// <summary>The saved document compressed, its character maps rewritten, and made PDF/A-2b (<see cref="PdfArchive"/>).</summary>
    public static byte[] Finish(byte[] uncompressed, DateTime created)
    {
        using var input = new MemoryStream(uncompressed);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        Configure(document);
        PdfArchive.Prepare(document, created);
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is PdfDictionary { Stream: { } stream } dictionary && !dictionary.Elements.ContainsKey("/Filter"))
            {
                stream.Value = Zlib(ToUnicode(stream.Value));
                dictionary.Elements.SetName("/Filter", "/FlateDecode");
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return PdfArchive.WithMetadata(output.ToArray(), document, created);
    }

    private static byte[] ToUnicode(byte[] data)
    {
        if (data.AsSpan().IndexOf("beginbfrange"u8) < 0)
        {
            return data;
        }

        var text = Encoding.Latin1.GetString(data);
        var ranges = Ranges().Match(text);
        if (!ranges.Success)
        {
            return data;
        }

        var entries = new List<(int Code, string Text)>();
        foreach (Match entry in RangeEntry().Matches(ranges.Groups[1].Value))
        {
            var (low, high, first) = (Hex(entry.Groups[1].Value), Hex(entry.Groups[2].Value), Hex(entry.Groups[3].Value));
            for (var code = low; code <= high; code++)
            {
                var codePoint = first + code - low;
                entries.Add((code, ShapedGlyphCodes.TextOf(code, codePoint) ?? (Rune.IsValid(codePoint) ? char.ConvertFromUtf32(codePoint) : "\uFFFD")));
            }
        }

        var sb = new StringBuilder(text.Length + (entries.Count * 8));
        sb.Append(text, 0, ranges.Index);
        foreach (var block in entries.Chunk(100))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
            foreach (var (code, glyphText) in block)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<{code:X4}> <{string.Concat(glyphText.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)))}>\n");
            }

            sb.Append("endbfchar\n");
        }

        sb.Append(text, ranges.Index + ranges.Length, text.Length - ranges.Index - ranges.Length);
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static int Hex(string digits) => int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\d+ beginbfrange\s*\n(.*?)endbfrange\s*\n", RegexOptions.Singleline)]
    private static partial Regex Ranges();

    [GeneratedRegex("<([0-9A-Fa-f]{4})>\\s*<([0-9A-Fa-f]{4})>\\s*<([0-9A-Fa-f]{4,6})>")]
    private static partial Regex RangeEntry();

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream(data.Length / 3 + 64);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
