using Socrates.Analysis;

namespace Socrates.Api.Tests.GitHub;

/// <summary>The literal prefilter in front of Linguist's path patterns: it may only ever skip a pattern that cannot match.</summary>
public sealed class PathPatternsTests
{
    [Theory]
    [InlineData(@"(^|/)node_modules/", "node_modules/")]
    [InlineData(@"\.min\.(js|css)$", ".min.")]
    [InlineData(@"^[Dd]ependencies/", "ependencies/")]
    [InlineData(@"(^|/)docs?/", "doc")]
    [InlineData(@"foo|bar", null)]
    [InlineData(@"(^|/)(cache|vendor)/", "/")]
    [InlineData(@"^[^/]*$", null)]
    public void The_required_literal_is_one_every_match_contains(string pattern, string? literal) =>
        Assert.Equal(literal, PathPatterns.RequiredLiteral(pattern));

    [Fact]
    public void Every_vendored_and_documentation_pattern_matches_what_it_matched_without_the_prefilter()
    {
        var data = LinguistData.Default;
        string[] paths =
        [
            "node_modules/a/index.js", "src/Vendor/x.c", "vendor/bundle/x.rb", "public/jquery-3.7.1.min.js", "app/main.js",
            "Docs/guide.md", "docs/x.html", "doc/a.txt", "lib/documentation.rb", "Godeps/_workspace/x.go", "CHANGELOG",
            "third_party/x/y.cc", "a/b/bootstrap.min.css", "src/cache/x.py", "Pods/A/b.m", "dist/bundle.js",
        ];
        foreach (var path in paths)
        {
            var expected = data.VendorPatterns.Concat(data.DocumentationPatterns)
                .Any(p => RubyRegex.TryCompile(p)?.IsMatch(path) == true);
            Assert.Equal(expected, data.Vendor.IsMatch(path) || data.Documentation.IsMatch(path));
        }
    }
}
