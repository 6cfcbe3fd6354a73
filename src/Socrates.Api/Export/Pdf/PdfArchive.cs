using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// What PDF/A-2b (ISO 19005-2 level B: the pages will look the same in years) asks beyond what PDFsharp writes:
/// an sRGB output intent, so device RGB colours have a meaning; link annotations flagged printable; the same dates
/// in the document information and the XMP metadata; and XMP metadata declaring part 2, level B, with the document
/// information's values. Fonts are already embedded (as subsets) and nothing is encrypted, transparent or external.
/// PDFsharp 6.2.4's own switch (SetPdfA) declares PDF/A-1a, turns on PDF/UA tagging, and, like every PDFsharp
/// save, writes its XMP without escaping the title or keywords, so it is not used: the XMP PDFsharp writes is
/// replaced in the saved file, and the cross-reference offsets after it are moved.
/// </summary>
public static partial class PdfArchive
{
    private const string PdfANamespace = "http://www.aiim.org/pdfa/ns/id/";
    private const string ColourProfileResource = "PdfSharp.Resources.sRGB2014.icc";

    /// <summary>Before the last save: output intent, printable annotations, dates; the old XMP goes (the save writes a new one).</summary>
    public static void Prepare(PdfDocument document, DateTime created)
    {
        document.Info.CreationDate = created;
        document.Info.ModificationDate = created;
        var catalog = document.Internals.Catalog;
        if (!catalog.Elements.ContainsKey("/OutputIntents"))
        {
            catalog.Elements["/OutputIntents"] = new PdfArray(document, OutputIntent(document));
        }

        foreach (var page in document.Pages)
        {
            if (page.Elements.GetArray("/Annots") is not { } annotations)
            {
                continue;
            }

            foreach (var item in annotations.Elements)
            {
                // Print, and neither hidden nor invisible: an archived copy prints its links' text as shown.
                ((item as PdfReference)?.Value as PdfDictionary ?? item as PdfDictionary)?.Elements.SetInteger("/F", 4);
            }
        }

        if (catalog.Elements.GetReference("/Metadata") is { } metadata)
        {
            catalog.Elements.Remove("/Metadata");
            document.Internals.RemoveObject(metadata.Value);
        }
    }

    /// <summary>After the last save: the XMP stream PDFsharp wrote, replaced by one that declares PDF/A-2b.</summary>
    public static byte[] WithMetadata(byte[] pdf, PdfDocument saved, DateTime created)
    {
        var reference = saved.Internals.Catalog.Elements.GetReference("/Metadata")
            ?? throw new InvalidOperationException("PDFsharp wrote no XMP metadata.");
        var text = Encoding.Latin1.GetString(pdf);
        var header = new Regex($@"(?<=[\r\n]){reference.ObjectNumber} {reference.GenerationNumber} obj\b").Match(text);
        var keyword = StreamKeyword().Match(text, header.Index);
        var end = EndStream().Match(text, keyword.Index + keyword.Length);
        if (!header.Success || !keyword.Success || !end.Success)
        {
            throw new InvalidOperationException("The XMP metadata stream was not found where the cross-reference table puts it.");
        }

        var xmp = Encoding.Latin1.GetString(Xmp(saved.Info, created));
        var dictionary = Length().Replace(text[header.Index..keyword.Index], $"/Length {Encoding.Latin1.GetByteCount(xmp)}", 1);
        var replaced = dictionary + keyword.Value + xmp;
        var delta = replaced.Length - (end.Index - header.Index);
        var sb = new StringBuilder(text.Length + delta);
        sb.Append(text, 0, header.Index).Append(replaced);
        var rest = text[end.Index..];
        var xref = rest.LastIndexOf("\nxref", StringComparison.Ordinal);
        rest = rest[..xref] + XrefEntry().Replace(rest[xref..], m =>
        {
            var offset = long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            return offset > header.Index ? string.Create(CultureInfo.InvariantCulture, $"{offset + delta:D10}{m.Groups[2].Value}") : m.Value;
        });
        rest = StartXref().Replace(rest, m => string.Create(CultureInfo.InvariantCulture, $"{m.Groups[1].Value}{long.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture) + delta}"), 1);
        return Encoding.Latin1.GetBytes(sb.Append(rest).ToString());
    }

    /// <summary>XML cannot hold control characters: they are left out of the XMP copy of a value.</summary>
    private static string Clean(string value) => new([.. value.Where(c => char.IsSurrogate(c) || XmlConvert.IsXmlChar(c))]);

    /// <summary>The XMP packet: PDF/A identification, Dublin Core title, author and subject, PDF keywords and producer, XMP tool and dates.</summary>
    public static byte[] Xmp(PdfDocumentInformation info, DateTime created)
    {
        XNamespace rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", dc = "http://purl.org/dc/elements/1.1/", pdf = "http://ns.adobe.com/pdf/1.3/",
            xmp = "http://ns.adobe.com/xap/1.0/", pdfaid = PdfANamespace, xml = XNamespace.Xml;
        var date = created.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        static XElement Alt(XNamespace rdf, XNamespace xml, XName name, string value) =>
            new(name, new XElement(rdf + "Alt", new XElement(rdf + "li", new XAttribute(xml + "lang", "x-default"), value)));
        var description = new XElement(rdf + "Description",
            new XAttribute(rdf + "about", ""),
            new XAttribute(XNamespace.Xmlns + "pdfaid", pdfaid), new XAttribute(XNamespace.Xmlns + "dc", dc),
            new XAttribute(XNamespace.Xmlns + "pdf", pdf), new XAttribute(XNamespace.Xmlns + "xmp", xmp),
            new XElement(pdfaid + "part", "2"),
            new XElement(pdfaid + "conformance", "B"),
            new XElement(dc + "format", "application/pdf"),
            Alt(rdf, xml, dc + "title", Clean(info.Title)),
            new XElement(dc + "creator", new XElement(rdf + "Seq", new XElement(rdf + "li", Clean(info.Author)))),
            Alt(rdf, xml, dc + "description", Clean(info.Subject)),
            new XElement(pdf + "Keywords", Clean(info.Keywords)),
            new XElement(pdf + "Producer", Clean(info.Producer)),
            new XElement(xmp + "CreatorTool", Clean(info.Creator)),
            new XElement(xmp + "CreateDate", date),
            new XElement(xmp + "ModifyDate", date),
            new XElement(xmp + "MetadataDate", date));
        var meta = new XElement(XName.Get("xmpmeta", "adobe:ns:meta/"), new XAttribute(XNamespace.Xmlns + "x", "adobe:ns:meta/"),
            new XElement(rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", rdf), description));
        var packet = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" + meta.ToString(SaveOptions.None) + "\n<?xpacket end=\"r\"?>";
        return Encoding.UTF8.GetBytes(packet);
    }

    private static PdfDictionary OutputIntent(PdfDocument document)
    {
        using var resource = typeof(PdfDocument).Assembly.GetManifestResourceStream(ColourProfileResource)
            ?? throw new InvalidOperationException($"PDFsharp no longer ships the sRGB profile '{ColourProfileResource}' that the PDF/A output intent embeds.");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        var profile = new PdfDictionary(document);
        profile.CreateStream(bytes.ToArray());
        profile.Elements.SetInteger("/N", 3);
        document.Internals.AddObject(profile);

        var intent = new PdfDictionary(document);
        intent.Elements.SetName("/Type", "/OutputIntent");
        intent.Elements.SetName("/S", "/GTS_PDFA1");
        intent.Elements.SetString("/OutputConditionIdentifier", "sRGB IEC61966-2.1");
        intent.Elements.SetString("/RegistryName", "http://www.color.org");
        intent.Elements.SetString("/Info", "sRGB IEC61966-2.1");
        intent.Elements.SetReference("/DestOutputProfile", profile);
        return intent;
    }

    [GeneratedRegex(@"stream\r?\n")]
    private static partial Regex StreamKeyword();

    [GeneratedRegex(@"\r?\nendstream")]
    private static partial Regex EndStream();

    [GeneratedRegex(@"/Length \d+")]
    private static partial Regex Length();

    [GeneratedRegex(@"(\d{10})( \d{5} n)")]
    private static partial Regex XrefEntry();

    [GeneratedRegex(@"(startxref\s+)(\d+)")]
    private static partial Regex StartXref();
}
