using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Socrates.Api.Export;
using UglyToad.PdfPig;

namespace Socrates.Api.Tests.Export;

/// <summary>
/// The structural requirements of PDF/A-2b that a file can be checked for without a full validator (veraPDF is not
/// packaged for Debian): read with qpdf's JSON view of every object and PdfPig's XMP reader.
/// </summary>
public sealed class PdfArchiveTests
{
    private static readonly PdfExporter Exporter = new();

    public static TheoryData<string> Projects => ["reader", "hostile"];

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_XMP_declares_PDF_A_2b_and_repeats_the_document_information(string project)
    {
        var bytes = Render(project);
        using var pdf = PdfDocument.Open(bytes);

        Assert.True(pdf.TryGetXmpMetadata(out var metadata));
        var xmp = metadata.GetXDocument();
        XNamespace pdfaid = "http://www.aiim.org/pdfa/ns/id/", dc = "http://purl.org/dc/elements/1.1/", pdfNs = "http://ns.adobe.com/pdf/1.3/", xmpNs = "http://ns.adobe.com/xap/1.0/";
        string Value(XName name) => xmp.Descendants(name).Single().Value;
        Assert.Equal("2", Value(pdfaid + "part"));
        Assert.Equal("B", Value(pdfaid + "conformance"));
        Assert.Equal(pdf.Information.Title, Value(dc + "title"));
        Assert.Equal(pdf.Information.Author, Value(dc + "creator"));
        Assert.Equal(pdf.Information.Subject, Value(dc + "description"));
        Assert.Equal(pdf.Information.Keywords, Value(pdfNs + "Keywords"));
        Assert.Equal(pdf.Information.Producer, Value(pdfNs + "Producer"));
        Assert.Equal(pdf.Information.Creator, Value(xmpNs + "CreatorTool"));
        Assert.Equal(pdf.Information.GetCreatedDateTimeOffset(), DateTimeOffset.Parse(Value(xmpNs + "CreateDate"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(pdf.Information.GetModifiedDateTimeOffset(), DateTimeOffset.Parse(Value(xmpNs + "ModifyDate"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task The_file_has_an_sRGB_output_intent_embedded_fonts_printable_links_and_an_unfiltered_XMP_stream(string project)
    {
        var bytes = Render(project);
        var objects = await PdfValidityTests.QpdfObjectsAsync(bytes);
        JsonElement Resolve(JsonElement reference) => objects.GetProperty("obj:" + reference.GetString());
        var dictionaries = objects.EnumerateObject().Where(o => o.Name.StartsWith("obj:", StringComparison.Ordinal))
            .Select(o => o.Value.TryGetProperty("stream", out var stream) ? stream.GetProperty("dict") : o.Value.GetProperty("value"))
            .Where(v => v.ValueKind == JsonValueKind.Object).ToList();

        // A binary comment follows the header; the trailer carries the file identifier; nothing is encrypted.
        Assert.Equal("%PDF-1.", Encoding.ASCII.GetString(bytes, 0, 7));
        var secondLine = Array.IndexOf(bytes, (byte)'\n') + 1;
        Assert.Equal((byte)'%', bytes[secondLine]);
        Assert.All(bytes.Skip(secondLine + 1).Take(4), b => Assert.True(b > 127));
        var trailer = objects.GetProperty("trailer").GetProperty("value");
        Assert.Equal(2, trailer.GetProperty("/ID").GetArrayLength());
        Assert.False(trailer.TryGetProperty("/Encrypt", out _));

        var catalog = Resolve(trailer.GetProperty("/Root")).GetProperty("value");
        var metadata = Resolve(catalog.GetProperty("/Metadata")).GetProperty("stream").GetProperty("dict");
        Assert.Equal("/XML", metadata.GetProperty("/Subtype").GetString());
        Assert.False(metadata.TryGetProperty("/Filter", out _));

        var intent = Assert.Single(catalog.GetProperty("/OutputIntents").EnumerateArray());
        Assert.Equal("/GTS_PDFA1", intent.GetProperty("/S").GetString());
        Assert.Contains("sRGB", intent.GetProperty("/OutputConditionIdentifier").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, Resolve(intent.GetProperty("/DestOutputProfile")).GetProperty("stream").GetProperty("dict").GetProperty("/N").GetInt32());

        var descriptors = dictionaries.Where(d => d.TryGetProperty("/Type", out var t) && t.GetString() == "/FontDescriptor").ToList();
        Assert.NotEmpty(descriptors);
        Assert.All(descriptors, d => Assert.True(d.TryGetProperty("/FontFile2", out _), $"{d} embeds no font program"));

        var annotations = dictionaries.Where(d => d.TryGetProperty("/Type", out var t) && t.GetString() == "/Annot").ToList();
        Assert.NotEmpty(annotations);
        Assert.All(annotations, a => Assert.Equal(4, a.GetProperty("/F").GetInt32()));
        Assert.DoesNotContain(dictionaries, d => d.TryGetProperty("/JS", out _) || d.TryGetProperty("/JavaScript", out _));
    }

    private static byte[] Render(string project) => project == "reader"
        ? Exporter.Render(PdfSamples.Reader(), "Ada Lovelace")
        : Exporter.Render(ExportSamples.Hostile(), "Ada <Lovelace> & (\\ \"x\")");
}
