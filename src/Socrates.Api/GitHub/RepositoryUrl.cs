using System.Text.RegularExpressions;

namespace Socrates.Api.GitHub;

/// <summary>
/// A repository URL as people paste it, checked against the rules before anything is fetched:
/// https only, no credentials, no IP literals or odd ports, an allowed host, a sane path and ref.
/// Accepts https://github.com/owner/repo, a .git suffix, /tree/REF (and GitLab's /-/tree/REF), and owner/repo.
/// </summary>
public sealed partial record RepositoryUrl(string Host, string Path, string? Ref, bool IsGitHub)
{
    public const int MaxLength = 2048;

    /// <summary>owner for GitHub, or the first path segment.</summary>
    public string Owner => Path.Split('/')[0];

    /// <summary>repo for GitHub, or the last path segment.</summary>
    public string Name => Path.Split('/')[^1];

    /// <summary>Where git clones from (never carries credentials).</summary>
    public Uri CloneUri => new($"https://{Host}/{Path}.git");

    public override string ToString() => $"https://{Host}/{Path}" + (Ref is null ? "" : $"/tree/{Ref}");

    /// <exception cref="ProblemException">400 with the rule the URL breaks.</exception>
    public static RepositoryUrl Parse(string input, GitHubOptions options, string? reference = null)
    {
        var text = input.Trim();
        if (text.Length == 0 || text.Length > MaxLength)
        {
            throw GitHubProblems.Rejected($"Give a repository URL of at most {MaxLength} characters, like https://github.com/owner/repo or owner/repo.");
        }

        if (ShortForm().IsMatch(text))
        {
            text = $"https://{options.GitHubHost}/{text}";
        }

        if (ScpLike().IsMatch(text))
        {
            throw GitHubProblems.Rejected("SSH URLs (git@host:owner/repo) are not accepted; use the https URL.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw GitHubProblems.Rejected($"'{Redact(text)}' is not a URL. Use https://{options.GitHubHost}/owner/repo or owner/repo.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw GitHubProblems.Rejected($"Only https URLs are accepted (got {uri.Scheme}://).");
        }

        if (uri.UserInfo.Length > 0 || text.Contains('@', StringComparison.Ordinal) && text.IndexOf('@', StringComparison.Ordinal) < text.IndexOf('/', 8))
        {
            throw GitHubProblems.Rejected("URLs with credentials in them are not accepted; store a GitHub token under your API keys instead.");
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            throw GitHubProblems.Rejected("IP addresses are not accepted as repository hosts; use the host name.");
        }

        if (!uri.IsDefaultPort)
        {
            throw GitHubProblems.Rejected("Repository URLs must use the default https port.");
        }

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        if (!options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            throw GitHubProblems.Rejected($"The host '{host}' is not allowed. Allowed hosts: {string.Join(", ", options.AllowedHosts)}.");
        }

        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Any(s => s is "." or ".."))
        {
            throw GitHubProblems.Rejected($"'{Redact(text)}' does not name a repository: its path climbs with '..'.");
        }

        string? pathRef = null;
        var tree = segments.FindIndex(s => s is "tree" or "blob" or "commit");
        if (tree >= 0)
        {
            pathRef = tree + 1 < segments.Count ? string.Join('/', segments[(tree + 1)..]) : null;
            segments = segments[..tree];
            if (segments.Count > 0 && segments[^1] == "-")
            {
                segments.RemoveAt(segments.Count - 1);
            }
        }

        var isGitHub = host.Equals(options.GitHubHost, StringComparison.OrdinalIgnoreCase);
        if (isGitHub && segments.Count > 2)
        {
            segments = segments[..2];
        }

        if (segments.Count > 0 && segments[^1].EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            segments[^1] = segments[^1][..^4];
        }

        if (segments.Count < 2 || segments.Any(s => !Segment().IsMatch(s) || s is "." or ".."))
        {
            throw GitHubProblems.Rejected($"'{Redact(text)}' does not name a repository: expected https://{host}/owner/repo.");
        }

        var finalRef = string.IsNullOrWhiteSpace(reference) ? pathRef : reference.Trim();
        if (finalRef is not null && !IsValidRef(finalRef))
        {
            throw GitHubProblems.Rejected($"'{finalRef}' is not a valid git ref.");
        }

        return new RepositoryUrl(host, string.Join('/', segments), finalRef, isGitHub);
    }

    /// <summary>git check-ref-format's rules, plus no leading '-' so a ref can never read as an option.</summary>
    public static bool IsValidRef(string reference) =>
        reference.Length is > 0 and <= 255 && RefPattern().IsMatch(reference)
        && !reference.Contains("..", StringComparison.Ordinal) && !reference.Contains("//", StringComparison.Ordinal)
        && !reference.StartsWith('-') && !reference.StartsWith('/') && !reference.EndsWith('/') && !reference.EndsWith(".lock", StringComparison.Ordinal)
        && !reference.EndsWith('.') && !reference.Contains("@{", StringComparison.Ordinal);

    private static string Redact(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex ShortForm();

    [GeneratedRegex(@"^[\w.-]+@[\w.-]+:")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex Segment();

    [GeneratedRegex(@"^[A-Za-z0-9._/+-]+$")]
    private static partial Regex RefPattern();
}
