using Socrates.Api.Files;

namespace Socrates.Api.Tests.Files;

public sealed class CodePathTests
{
    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("  src/main.cs ", "src/main.cs")]
    [InlineData("src\\lib\\x.rs", "src/lib/x.rs")]
    [InlineData("./src//x/./y.go", "src/x/y.go")]
    [InlineData("..foo/bar..", "..foo/bar..")]
    public void Normalises_safe_paths(string input, string expected)
    {
        Assert.True(CodePath.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void Refuses_paths_longer_than_the_limit()
    {
        Assert.False(CodePath.TryNormalize(new string('a', CodePath.MaxLength + 1), out _, out var error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }
}
