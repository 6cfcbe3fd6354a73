namespace Socrates.Analysis.Manifests;

/// <summary>Package ecosystems, as framework rules name them.</summary>
public static class Ecosystems
{
    public const string Npm = "npm";
    public const string PyPI = "pypi";
    public const string Go = "go";
    public const string Cargo = "cargo";
    public const string Maven = "maven";
    public const string NuGet = "nuget";
    public const string RubyGems = "rubygems";
    public const string Packagist = "packagist";
    public const string Hex = "hex";
}

/// <summary>
/// One direct dependency a manifest declares. <paramref name="File"/> is the manifest's path in the repository,
/// <paramref name="Version"/> the constraint as written there, <paramref name="Development"/> true when only
/// tests, builds or development need it.
/// </summary>
public sealed record Dependency(string Ecosystem, string Name, string? Version, string File, bool Development = false)
{
    /// <summary>What the package is for (web-framework, orm, test-helper, …) from Data/roles.json; null when no rule names it.</summary>
    public string? Role { get; init; }

    /// <summary>The exact version a lock file resolved the constraint to.</summary>
    public string? Resolved { get; init; }

    /// <summary>The lock file <see cref="Resolved"/> came from.</summary>
    public string? LockFile { get; init; }
}

/// <summary>
/// A manifest that was read: the package manager it belongs to, what it declares, and the licence its
/// own licence field states (as written, e.g. "MIT" or "Apache License 2.0").
/// </summary>
public sealed record ManifestResult(string File, string PackageManager, IReadOnlyList<Dependency> Dependencies, string? Error = null)
{
    public string? DeclaredLicense { get; init; }
}
