using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Puts right two things PDFsharp writes wrong, on the saved document read back: its Flate encoder leaves out the
/// zlib stream's closing Adler-32 checksum, which strict validators (qpdf) report on every stream, so the document is
/// saved uncompressed and each stream is compressed here; and its ToUnicode maps write a code point beyond U+FFFF
/// (an emoji) as five hex digits instead of a UTF-16 surrogate pair, so text extraction would read it wrong.
/// </summary>
public static partial class PdfFinish
{
    public static void Configure(PdfDocument document)
    {
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
    }

    public static byte[] Compress(byte[] uncompressed)
    {
        using var input = new MemoryStream(uncompressed);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        Configure(document);
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is PdfDictionary { Stream: { } stream } dictionary && !dictionary.Elements.ContainsKey("/Filter"))
            {
                stream.Value = Zlib(SurrogatePairs(stream.Value));
                dictionary.Elements.SetName("/Filter", "/FlateDecode");
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static byte[] SurrogatePairs(byte[] data)
    {
        if (data.AsSpan().IndexOf("beginbfrange"u8) < 0 && data.AsSpan().IndexOf("beginbfchar"u8) < 0)
        {
            return data;
        }

        var text = Encoding.Latin1.GetString(data);
        var fixedText = LongCodePoint().Replace(text, m =>
        {
            var utf16 = char.ConvertFromUtf32(int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            return "<" + string.Concat(utf16.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture))) + ">";
        });
        return Encoding.Latin1.GetBytes(fixedText);
    }

    [GeneratedRegex("<([0-9A-Fa-f]{5,6})>")]
    private static partial Regex LongCodePoint();

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
