using System.Text.RegularExpressions;

namespace Socrates.Analysis.Manifests;

/// <summary>
/// A gem's *.gemspec: add_dependency / add_runtime_dependency and add_development_dependency calls, and the
/// spec.license or spec.licenses it states.
/// </summary>
public static partial class Gemspec
{
    public static ManifestResult Parse(string path, string content)
    {
        var dependencies = GemDependency().Matches(content).Select(m => new Dependency(
                Ecosystems.RubyGems,
                m.Groups["name"].Value,
                m.Groups["version"].Success ? m.Groups["version"].Value : null,
                path,
                m.Groups["kind"].Value == "development"))
            .ToList();
        var license = License().Match(content) is { Success: true } l ? l.Groups[1].Value : null;
        return new ManifestResult(path, "bundler", dependencies) { DeclaredLicense = license };
    }

    [GeneratedRegex("""\.add_(?:(?<kind>development|runtime)_)?dependency\s*\(?\s*["'](?<name>[^"']+)["'](?:\s*,\s*["'](?<version>[^"']+)["'])?""")]
    private static partial Regex GemDependency();

    [GeneratedRegex("""\.licenses?\s*=\s*\[?\s*["']([^"']+)["']""")]
    private static partial Regex License();
}
