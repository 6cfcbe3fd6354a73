using System.Text.Json.Serialization;
using Socrates.Analysis.Dependencies;
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
    /// <summary>Every direct dependency of every manifest, with its role, constraint and resolved version.</summary>
    public IReadOnlyList<Dependency> Dependencies { get; init; } = [];

    /// <summary>The monorepo declarations found (npm/pnpm/Cargo/Go workspaces, Gradle and Maven multi-projects, solutions).</summary>
    public IReadOnlyList<Workspace> Workspaces { get; init; } = [];

    /// <summary>Every licence stated: the LICENSE file's and each manifest's licence field, disagreements included.</summary>
    [JsonPropertyName("licences")]
    public IReadOnlyList<LicenseFound> Licenses { get; init; } = [];

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

public sealed record ManifestSummary(string File, string PackageManager, IReadOnlyList<Dependency> Dependencies, string? Error)
{
    /// <summary>The licence field as written in the manifest.</summary>
    public string? DeclaredLicense { get; init; }

    /// <summary>The workspace file that lists this package as a member, when it is part of a monorepo.</summary>
    public string? Workspace { get; init; }
}

public sealed record TestsFound(bool HasTests, IReadOnlyList<string> Directories, int TestFiles, IReadOnlyList<string> Frameworks);

public sealed record CiFound(string Name, IReadOnlyList<string> Files);

public sealed record ContainersFound(IReadOnlyList<string> Dockerfiles, IReadOnlyList<string> ComposeFiles, IReadOnlyList<string> Kubernetes);

/// <param name="File">The licence file or the manifest that states it.</param>
public sealed record LicenseFound(string? SpdxId, string File, double Confidence)
{
    /// <summary>"file" for a LICENSE/COPYING text, "manifest" for a licence field.</summary>
    public string Source { get; init; } = "file";

    /// <summary>A manifest's licence field as written, before it was read as SPDX.</summary>
    public string? Declared { get; init; }
}

public sealed record ReadmeFile(string Path, string Content);

/// <summary>A specification the import would create: category, key, value and how sure the evidence makes it.</summary>
public sealed record DerivedSpecification(string Category, string Key, string Value, double Confidence);
