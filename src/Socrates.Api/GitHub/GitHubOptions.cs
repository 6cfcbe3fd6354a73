using System.ComponentModel.DataAnnotations;
using Socrates.Analysis;

namespace Socrates.Api.GitHub;

/// <summary>The "GitHub" configuration section: where the API is, which hosts users may name, and the bounds of one fetch.</summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary>The REST API root. GitHub Enterprise: https://HOST/api/v3/. Tests point it at a fake server.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>Hosts a repository URL may name. github.com goes through the API; any other is shallow-cloned over https.</summary>
    public string[] AllowedHosts { get; set; } = ["github.com"];

    /// <summary>The host whose URLs are read as owner/repo on the API above (github.com, or a GitHub Enterprise host).</summary>
    [Required]
    public string GitHubHost { get; set; } = "github.com";

    /// <summary>Hosts the API's archive redirect may lead to (GitHub serves tarballs from codeload.github.com).</summary>
    public string[] ArchiveHosts { get; set; } = ["codeload.github.com"];

    [Range(1, long.MaxValue)]
    public long MaxDownloadBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>The most the archive's files may add up to once unpacked (a small archive can unpack to a huge one).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUnpackedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxFiles { get; set; } = 100_000;

    /// <summary>The most of one file that is kept and read to tell its language.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxFileBytes { get; set; } = 1024 * 1024;

    /// <summary>Wall-clock limit for fetching and analysing one repository.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Fetches running at once; more wait (within their timeout), so disk use stays bounded under load.</summary>
    [Range(1, 64)]
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>Where fetched trees are unpacked; the system temp folder when empty.</summary>
    public string? WorkDirectory { get; set; }

    public AnalysisLimits Limits => new(MaxFiles, MaxUnpackedBytes, MaxFileBytes);

    public string WorkRoot => string.IsNullOrWhiteSpace(WorkDirectory) ? Path.GetTempPath() : WorkDirectory;
}
