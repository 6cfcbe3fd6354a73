using Socrates.Api.Web.Workspace.Documents;

namespace Socrates.Api.Tests.Web.Workspace;

public sealed class SafeMarkdownTests
{
    [Fact]
    public void Markdown_is_rendered_under_the_pages_heading_and_raw_html_is_escaped()
    {
        var html = SafeMarkdown.ToHtml("# Title\n\n**bold** <img src=x onerror=alert(1)> <b>b</b>\n\n<div>block</div>");

        Assert.Contains("<h2>Title</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<div>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;div&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](vbscript:msgbox)")]
    public void A_link_that_could_run_script_loses_its_address(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        Assert.Contains("href=\"\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](https://example.com/a?b#c)", "https://example.com/a?b#c")]
    [InlineData("[x](mailto:ada@example.com)", "mailto:ada@example.com")]
    [InlineData("[x](/projects)", "/projects")]
    [InlineData("[x](#part)", "#part")]
    [InlineData("[x](notes/a:b)", "notes/a:b")]
    public void Web_mail_and_relative_links_keep_their_address(string markdown, string href)
    {
        Assert.Contains($"href=\"{href}\"", SafeMarkdown.ToHtml(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_is_shown_as_a_link_so_the_page_loads_nothing_from_elsewhere()
    {
        var html = SafeMarkdown.ToHtml("![a pixel](https://tracker.example/p.png)");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://tracker.example/p.png\">a pixel</a>", html, StringComparison.Ordinal);
    }
}
