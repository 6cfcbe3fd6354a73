using System.Text.RegularExpressions;

namespace Socrates.Analysis.Manifests;

/// <summary>Which files are manifests, and the parser for each. Parsers read the format; none greps.</summary>
public static partial class ManifestReader
{
    /// <summary>True when the file name is a manifest this reader parses.</summary>
    public static bool IsManifest(string path) => Parser(FileName(path)) is not null;

    /// <summary>Parses one manifest; a malformed one yields no dependencies and says why, never an exception.</summary>
    public static ManifestResult Read(string path, string content)
    {
        var parser = Parser(FileName(path)) ?? throw new ArgumentException($"{path} is not a manifest.", nameof(path));
        try
        {
            return parser(path, content);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or System.Xml.XmlException
            or InvalidOperationException or Tomlyn.TomlException)
        {
            return new ManifestResult(path, PackageManagerOf(FileName(path)), [], $"{path} could not be parsed: {e.Message}");
        }
    }

    private static Func<string, string, ManifestResult>? Parser(string name) => name switch
    {
        "package.json" => NpmManifest.Parse,
        "pyproject.toml" => PythonManifests.ParsePyProject,
        "Pipfile" => PythonManifests.ParsePipfile,
        "setup.py" => PythonManifests.ParseSetupPy,
        "setup.cfg" => PythonManifests.ParseSetupCfg,
        "go.mod" => GoModule.Parse,
        "Cargo.toml" => CargoManifest.Parse,
        "pom.xml" => MavenPom.Parse,
        "build.gradle" or "build.gradle.kts" => GradleBuild.Parse,
        "Directory.Packages.props" => NuGetProject.Parse,
        "Gemfile" => Gemfile.Parse,
        "composer.json" => ComposerManifest.Parse,
        "mix.exs" => MixProject.Parse,
        _ when RequirementsName().IsMatch(name) => PythonManifests.ParseRequirements,
        _ when name.EndsWith(".gemspec", StringComparison.OrdinalIgnoreCase) => Gemspec.Parse,
        _ when name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase) => NuGetProject.Parse,
        _ => null,
    };

    private static string PackageManagerOf(string name) => name switch
    {
        "package.json" => "npm",
        "pyproject.toml" or "setup.py" or "setup.cfg" => "pip",
        "Pipfile" => "pipenv",
        "go.mod" => "go modules",
        "Cargo.toml" => "cargo",
        "pom.xml" => "maven",
        "build.gradle" or "build.gradle.kts" => "gradle",
        "Gemfile" => "bundler",
        "composer.json" => "composer",
        "mix.exs" => "mix",
        _ when RequirementsName().IsMatch(name) => "pip",
        _ when name.EndsWith(".gemspec", StringComparison.OrdinalIgnoreCase) => "bundler",
        _ => "nuget",
    };

    [GeneratedRegex(@"^requirements[\w.-]*\.(?:txt|in)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequirementsName();

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
