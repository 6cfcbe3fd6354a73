using Socrates.Api.Files;

namespace Socrates.Api.Tests.Files;

public sealed class CodePathTests
{
    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("  src/main.cs ", "src/main.cs")]
    [InlineData("src\\lib\\x.rs", "src/lib/x.rs")]
    [InlineData("./src//x/./y.go", "src/x/y.go")]
    [InlineData("..foo/..bar", "..foo/..bar")]
    public void Normalises_safe_paths(string input, string expected)
    {
        Assert.True(CodePath.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("CON", "device name")]
    [InlineData("src/con.txt", "device name")]
    [InlineData("Nul/readme.md", "device name")]
    [InlineData("a/b/LpT9.tar.gz", "device name")]
    [InlineData("com1", "device name")]
    [InlineData("aux .c", "device name")]
    [InlineData("prn", "device name")]
    [InlineData("src/notes./a.txt", "ends in a dot or a space")]
    [InlineData("a/file.", "ends in a dot or a space")]
    [InlineData("a/dir /b", "ends in a dot or a space")]
    [InlineData("a/.../b", "ends in a dot or a space")]
    [InlineData("a<b", "'<'")]
    [InlineData("a>b", "'>'")]
    [InlineData("src/a:b", "':'")]
    [InlineData("say\"hi\".txt", "'\"'")]
    [InlineData("a|b", "'|'")]
    [InlineData("why?.md", "'?'")]
    [InlineData("src/*.py", "'*'")]
    public void Refuses_names_a_common_file_system_cannot_hold(string path, string expected)
    {
        Assert.False(CodePath.TryNormalize(path, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("console.txt")]
    [InlineData("com10/x")]
    [InlineData("lpt/x")]
    [InlineData("src/CONFIG.sys")]
    [InlineData("a/nul_device.c")]
    [InlineData("a/.hidden")]
    public void Accepts_names_that_only_look_like_device_names(string path)
    {
        Assert.True(CodePath.TryNormalize(path, out var normalized, out var error), error);
        Assert.Equal(path, normalized);
    }

    [Theory]
    [InlineData(new[] { "a" }, new[] { "a/b" }, "a/b", "a")]
    [InlineData(new[] { "a/b/c.txt" }, new[] { "a/b" }, "a/b", "a/b/c.txt")]
    [InlineData(new string[0], new[] { "x/y", "x" }, "x/y", "x")]
    [InlineData(new[] { "src/a.py" }, new[] { "src/a.py/b.py" }, "src/a.py/b.py", "src/a.py")]
    public void A_path_that_is_a_file_where_another_needs_a_folder_clashes(string[] existing, string[] incoming, string path, string other)
    {
        Assert.Equal((path, other), PathClash.Find(existing, incoming));
    }

    [Theory]
    [InlineData(new[] { "a/b" }, new[] { "a/c", "a/b" })]
    [InlineData(new[] { "ab" }, new[] { "a/b", "a.b" })]
    [InlineData(new string[0], new[] { "a-b/c", "a" })]
    public void Siblings_and_replacements_do_not_clash(string[] existing, string[] incoming)
    {
        Assert.Null(PathClash.Find(existing, incoming));
    }

    [Fact]
    public void Refuses_paths_longer_than_the_limit()
    {
        Assert.False(CodePath.TryNormalize(new string('a', CodePath.MaxLength + 1), out _, out var error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }
}
