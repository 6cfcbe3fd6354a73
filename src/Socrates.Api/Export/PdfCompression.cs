using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Socrates.Api.Export;

/// <summary>
/// Compresses a PDF's streams as complete zlib streams. PDFsharp's own Flate encoder writes the zlib header and the
/// deflate data but not the closing Adler-32 checksum, which strict validators (qpdf) report on every stream; so the
/// document is saved uncompressed, read back, and each unfiltered stream is compressed here before the final save.
/// </summary>
public static class PdfCompression
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
                stream.Value = Zlib(stream.Value);
                dictionary.Elements.SetName("/Filter", "/FlateDecode");
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

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
