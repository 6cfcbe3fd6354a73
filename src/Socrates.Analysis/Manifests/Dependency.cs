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
}

/// <summary>One dependency a manifest declares. <paramref name="File"/> is the manifest's path in the repository.</summary>
public sealed record Dependency(string Ecosystem, string Name, string? Version, string File, bool Development = false);

/// <summary>A manifest that was read: the package manager it belongs to and what it declares.</summary>
public sealed record ManifestResult(string File, string PackageManager, IReadOnlyList<Dependency> Dependencies, string? Error = null);
