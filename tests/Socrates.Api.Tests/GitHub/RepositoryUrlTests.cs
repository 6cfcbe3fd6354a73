using System.Net;
using Socrates.Api.GitHub;
using Socrates.Api.Http;

namespace Socrates.Api.Tests.GitHub;

public sealed class RepositoryUrlTests
{
    private static readonly GitHubOptions Options = new() { AllowedHosts = ["github.com", "gitlab.com"] };

    [Theory]
    [InlineData("https://github.com/octo/hello", "octo/hello", null)]
    [InlineData("https://github.com/octo/hello.git", "octo/hello", null)]
    [InlineData("https://github.com/octo/hello/", "octo/hello", null)]
    [InlineData("  https://GitHub.com/octo/hello  ", "octo/hello", null)]
    [InlineData("https://github.com/octo/hello/tree/main", "octo/hello", "main")]
    [InlineData("https://github.com/octo/hello/tree/feature/login-form", "octo/hello", "feature/login-form")]
    [InlineData("https://github.com/octo/hello/blob/v1.2/README.md", "octo/hello", "v1.2/README.md")]
    [InlineData("octo/hello", "octo/hello", null)]
    [InlineData("octo/hello.js", "octo/hello.js", null)]
    [InlineData("https://gitlab.com/group/sub/project/-/tree/dev", "group/sub/project", "dev")]
    public void The_forms_people_paste_are_accepted(string input, string path, string? reference)
    {
        var url = RepositoryUrl.Parse(input, Options);
        Assert.Equal(path, url.Path);
        Assert.Equal(reference, url.Ref);
    }

    [Fact]
    public void A_ref_in_the_body_wins_over_the_one_in_the_url()
    {
        var url = RepositoryUrl.Parse("https://github.com/octo/hello/tree/main", Options, "v2.0");
        Assert.Equal("v2.0", url.Ref);
        Assert.True(url.IsGitHub);
        Assert.False(RepositoryUrl.Parse("https://gitlab.com/a/b", Options).IsGitHub);
        Assert.Equal("https://gitlab.com/a/b.git", RepositoryUrl.Parse("https://gitlab.com/a/b", Options).CloneUri.ToString());
    }

    [Theory]
    [InlineData("file:///etc/passwd", "https")]
    [InlineData("ssh://git@github.com/o/r", "https")]
    [InlineData("git://github.com/o/r", "https")]
    [InlineData("http://github.com/o/r", "https")]
    [InlineData("git@github.com:o/r.git", "SSH")]
    [InlineData("https://u:p@github.com/o/r", "credentials")]
    [InlineData("https://token@github.com/o/r", "credentials")]
    [InlineData("https://10.0.0.1/o/r", "IP")]
    [InlineData("https://[fd00::1]/o/r", "IP")]
    [InlineData("https://github.com:444/o/r", "port")]
    [InlineData("https://bitbucket.org/o/r", "not allowed")]
    [InlineData("https://github.com/o", "does not name")]
    [InlineData("https://github.com/o/r%2F..%2F..", "does not name")]
    [InlineData("", "repository URL")]
    public void Rejected_forms_say_which_rule_they_break(string input, string reason)
    {
        var rejected = Assert.Throws<ProblemException>(() => RepositoryUrl.Parse(input, Options));
        Assert.Equal(400, rejected.Status);
        Assert.Contains(reason, rejected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main", true)]
    [InlineData("release/1.0", true)]
    [InlineData("v1.2.3", true)]
    [InlineData("--upload-pack=evil", false)]
    [InlineData("a..b", false)]
    [InlineData("a b", false)]
    [InlineData("x.lock", false)]
    [InlineData("HEAD@{1}", false)]
    public void Refs_follow_git_rules(string reference, bool valid) =>
        Assert.Equal(valid, RepositoryUrl.IsValidRef(reference));

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.127.255.255", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("ff02::1", false)]
    [InlineData("140.82.121.4", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("::ffff:140.82.121.4", true)]
    [InlineData("2606:50c0:8000::153", true)]
    public void Only_public_addresses_pass_the_guard(string address, bool isPublic) =>
        Assert.Equal(isPublic, AddressGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_host_resolving_to_loopback_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => AddressGuard.ResolvePublicAsync("localhost", CancellationToken.None));
        Assert.Equal(400, refused.Status);
    }
}
