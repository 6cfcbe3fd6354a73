using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Socrates.Api.Web.Workspace.Documents;

/// <summary>
/// A knowledge document's Markdown as HTML the page can show as markup: raw HTML in the text is escaped, not passed
/// through, and a link may only go to http(s), mailto or an address on this site, so a document cannot run script or
/// pull in anything from elsewhere (an image is shown as a link to it). Its headings go one level down, under the
/// page's own h1 (the document's title).
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + 1);
        }

        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
            if (!IsSafe(link.Url))
            {
                link.Url = "";
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafe(autolink.Url))
            {
                autolink.Url = "";
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>An absolute address with an allowed scheme, or a relative one (no scheme before its first '/', '?' or '#').</summary>
    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var end = url.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (end >= 0 && end < colon) || SafeSchemes.Contains(url[..colon], StringComparer.OrdinalIgnoreCase);
    }
}
