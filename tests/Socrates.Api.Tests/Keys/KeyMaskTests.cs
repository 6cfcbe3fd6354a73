using Socrates.Api.Keys;


namespace Socrates.Api.Tests.Keys;

public sealed class KeyMaskTests
{
    [Theory]
    [InlineData("sk-proj-abcdefghijklmnopqrstuvwxyz", "sk-proj-…wxyz")]
    [InlineData("sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "sk-ant-…wxyz")]
    [InlineData("sk-abcdefghijklmnopqrstuvwxyz", "sk-…wxyz")]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz", "ghp_…wxyz")]
    [InlineData("github_pat_11ABCDEFGHIJKLMNOPwxyz", "github_…wxyz")]
    [InlineData("0123456789abcdefwxyz", "…wxyz")]
    [InlineData("A1b_cdefghijklmnopwxyz", "…wxyz")]
    [InlineData("sk-proj-abcwxyz", "…wxyz")]
    [InlineData("sk-abcdwxyz", "…")]
    [InlineData("short", "…")]
    public void A_mask_shows_the_vendor_marker_and_the_last_four_at_most(string key, string expected) =>
        Assert.Equal(expected, KeyMask.Mask(key));

    [Fact]
    public void A_mask_never_shows_more_than_half_of_a_key()
    {
        foreach (var length in Enumerable.Range(1, 40))
        {
            var key = "sk-proj-" + new string('k', length);
            var shown = KeyMask.Mask(key).Replace("…", "", StringComparison.Ordinal).Length;
            Assert.True(shown <= key.Length / 2, $"{KeyMask.Mask(key)} shows {shown} of {key.Length} characters");
        }
    }
}
