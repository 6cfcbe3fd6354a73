using System.Text.Json.Serialization;
using Socrates.Analysis.Manifests;

namespace Socrates.Analysis;

/// <summary>What the analyzer found in one repository tree; the body of POST /github/analyze and of the CLI's --json.</summary>
public sealed record RepositoryAnalysis(
    RepositorySource Source,
    FileCounts Files,
    IReadOnlyList<LanguageShare> Languages,
    string? PrimaryLanguage,
    IReadOnlyList<DetectedFramework> Frameworks,
    IReadOnlyList<ManifestSummary> Manifests,
    IReadOnlyList<string> PackageManagers,
    TestsFound Tests,
    IReadOnlyList<CiFound> Ci,
    ContainersFound Containers,
    // The JSON name predates the American spelling of the type names; clients read "licence".
    [property: JsonPropertyName("licence")] LicenseFound? License,
    string? Description,
    IReadOnlyList<DerivedSpecification> Specifications,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The README's text, for the knowledge document an import creates; not part of the JSON.</summary>
    [JsonIgnore]
    public ReadmeFile? Readme { get; init; }
}

/// <summary>Where the tree came from: a URL and the ref and commit analysed, or a local path.</summary>
public sealed record RepositorySource(string Location, string? FullName = null, string? Ref = null, string? CommitSha = null);

/// <param name="Total">Every regular file in the tree.</param>
/// <param name="Counted">Files that count towards the language breakdown.</param>
public sealed record FileCounts(int Total, long TotalBytes, int Counted, long CountedBytes, int Vendored, int Generated, int Documentation, int Binary);

public sealed record LanguageShare(string Name, string Type, long Bytes, double Percent, int Files);

public sealed record ManifestSummary(string File, string PackageManager, IReadOnlyList<Dependency> Dependencies, string? Error);

public sealed record TestsFound(bool HasTests, IReadOnlyList<string> Directories, int TestFiles, IReadOnlyList<string> Frameworks);

public sealed record CiFound(string Name, IReadOnlyList<string> Files);

public sealed record ContainersFound(IReadOnlyList<string> Dockerfiles, IReadOnlyList<string> ComposeFiles, IReadOnlyList<string> Kubernetes);

public sealed record LicenseFound(string? SpdxId, string File, double Confidence);

public sealed record ReadmeFile(string Path, string Content);

/// <summary>A specification the import would create: category, key, value and how sure the evidence makes it.</summary>
public sealed record DerivedSpecification(string Category, string Key, string Value, double Confidence);
