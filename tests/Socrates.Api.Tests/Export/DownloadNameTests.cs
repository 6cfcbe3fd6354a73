using Microsoft.Net.Http.Headers;
using Socrates.Api.Export;

namespace Socrates.Api.Tests.Export;

public sealed class DownloadNameTests
{
    [Theory]
    [InlineData("My Project", "my-project")]
    [InlineData("Café «Menü» / v2", "cafe-menu-v2")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("日本語", "project")]
    [InlineData("  --  ", "project")]
    [InlineData("a\"b\r\nc", "a-b-c")]
    public void The_slug_is_safe_ASCII(string name, string slug) => Assert.Equal(slug, DownloadName.Slug(name));

    [Fact]
    public void The_header_carries_the_slug_and_the_real_name_percent_encoded()
    {
        var header = DownloadName.ContentDisposition("Résumé \"final\"\n(2)", "pdf");

        Assert.Equal("attachment; filename=\"resume-final-2.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%282%29.pdf", header);
    }

    [Theory]
    [InlineData("日本語の計画 ✓")]
    [InlineData("100% \"done\"; really")]
    [InlineData("a/b\\c")]
    public void A_client_reading_the_header_gets_the_real_name_back(string name)
    {
        var parsed = ContentDispositionHeaderValue.Parse(DownloadName.ContentDisposition(name, "md"));

        Assert.Equal(name + ".md", parsed.FileNameStar.Value);
        Assert.Equal($"{DownloadName.Slug(name)}.md", HeaderUtilities.RemoveQuotes(parsed.FileName).Value);
    }

    [Fact]
    public void A_long_name_gives_a_slug_of_at_most_80_characters()
    {
        Assert.True(DownloadName.Slug(new string('a', 300)).Length <= 80);
    }
}
