using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>What a file's path says about the repository: CI, containers, tests, lock files.</summary>
public static partial class RepositoryLayout
{
    /// <summary>The CI system a file configures, or null.</summary>
    public static string? CiSystem(string path) => path switch
    {
        _ when path.StartsWith(".github/workflows/", StringComparison.Ordinal) && (path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal)) => "GitHub Actions",
        ".gitlab-ci.yml" or ".gitlab-ci.yaml" => "GitLab CI",
        _ when path.StartsWith(".circleci/", StringComparison.Ordinal) && path.EndsWith("config.yml", StringComparison.Ordinal) => "CircleCI",
        "azure-pipelines.yml" or "azure-pipelines.yaml" => "Azure Pipelines",
        _ when path.StartsWith(".azure-pipelines/", StringComparison.Ordinal) => "Azure Pipelines",
        "Jenkinsfile" => "Jenkins",
        ".travis.yml" => "Travis CI",
        "bitbucket-pipelines.yml" => "Bitbucket Pipelines",
        ".drone.yml" => "Drone CI",
        "appveyor.yml" or ".appveyor.yml" => "AppVeyor",
        _ when path.StartsWith(".buildkite/", StringComparison.Ordinal) => "Buildkite",
        _ when path.StartsWith(".woodpecker", StringComparison.Ordinal) => "Woodpecker CI",
        _ => null,
    };

    public static bool IsDockerfile(string path) => Dockerfile().IsMatch(FileName(path));

    public static bool IsComposeFile(string path) => ComposeFile().IsMatch(FileName(path));

    public static bool IsHelmChart(string path) => FileName(path) == "Chart.yaml";

    public static bool IsKubernetesManifest(string path) =>
        path.StartsWith("k8s/", StringComparison.Ordinal) || path.StartsWith("kubernetes/", StringComparison.Ordinal) || path.Contains("/k8s/", StringComparison.Ordinal);

    /// <summary>The folder holding tests ("tests", "src/test", "Foo.Tests"), or null when the path is not under one.</summary>
    public static string? TestDirectory(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (TestFolder().IsMatch(segments[i]))
            {
                return string.Join('/', segments[..(i + 1)]);
            }
        }

        return null;
    }

    public static bool IsTestFile(string path) => TestFile().IsMatch(FileName(path)) || TestDirectory(path) is not null && IsSource(path);

    /// <summary>A package manager a lock file names (one without a manifest parser of its own, or to confirm one).</summary>
    public static string? LockFileManager(string path) => FileName(path) switch
    {
        "package-lock.json" or "npm-shrinkwrap.json" => "npm",
        "yarn.lock" => "yarn",
        "pnpm-lock.yaml" => "pnpm",
        "bun.lockb" or "bun.lock" => "bun",
        "poetry.lock" => "poetry",
        "uv.lock" => "uv",
        "Pipfile.lock" => "pipenv",
        "Gemfile.lock" => "bundler",
        "composer.lock" => "composer",
        "Cargo.lock" => "cargo",
        "go.sum" => "go modules",
        "packages.lock.json" => "nuget",
        "mix.lock" => "mix",
        "pubspec.lock" => "pub",
        "Package.resolved" => "swift package manager",
        _ => null,
    };

    private static bool IsSource(string path) => SourceExtension().IsMatch(path);

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    [GeneratedRegex(@"^(?:Dockerfile|Containerfile)(?:[.-][\w.-]+)?$|\.[Dd]ockerfile$")]
    private static partial Regex Dockerfile();

    [GeneratedRegex(@"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$")]
    private static partial Regex ComposeFile();

    [GeneratedRegex(@"^(?:tests?|__tests__|spec|e2e|integration[-_]tests?|testing|[\w.-]+\.(?:Tests?|UnitTests|IntegrationTests|Specs))$", RegexOptions.IgnoreCase)]
    private static partial Regex TestFolder();

    [GeneratedRegex(@"(?:^test_.+\.py$|_test\.(?:py|go|rb|exs|dart)$|\.(?:test|spec)\.(?:[cm]?[jt]sx?)$|(?:Tests?|Spec|IT)\.(?:cs|java|kt|scala|php|swift|fs)$|_spec\.rb$|_test\.(?:cpp|cc|c)$)")]
    private static partial Regex TestFile();

    [GeneratedRegex(@"\.(?:py|go|rb|[cm]?[jt]sx?|cs|fs|vb|java|kt|scala|php|swift|rs|c|cc|cpp|h|hpp|ex|exs|dart|lua|pl|sh)$", RegexOptions.IgnoreCase)]
    private static partial Regex SourceExtension();
}
