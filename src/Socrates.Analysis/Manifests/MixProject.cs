using System.Text.RegularExpressions;

namespace Socrates.Analysis.Manifests;

/// <summary>
/// mix.exs (Elixir, Hex): the tuples of the deps list, `{:name, "~> 1.0"}` with `only: :test` or
/// `only: [:dev, :test]` marking development ones, and `licenses: [...]` from the package metadata.
/// </summary>
public static partial class MixProject
{
    public static ManifestResult Parse(string path, string content)
    {
        var dependencies = new List<Dependency>();
        foreach (Match m in Dep().Matches(content))
        {
            var options = m.Groups["options"].Value;
            var only = Only().Match(options);
            var development = only.Success && !only.Groups[1].Value.Contains(":prod", StringComparison.Ordinal);
            dependencies.Add(new Dependency(Ecosystems.Hex, m.Groups["name"].Value,
                m.Groups["version"].Success ? m.Groups["version"].Value : null, path, development));
        }

        var license = Licenses().Match(content) is { Success: true } l ? l.Groups[1].Value : null;
        return new ManifestResult(path, "mix", dependencies) { DeclaredLicense = license };
    }

    [GeneratedRegex("""\{\s*:(?<name>[a-z][a-z0-9_]*)\s*,\s*(?:"(?<version>[^"]+)"\s*)?(?<options>[^{}]*)\}""")]
    private static partial Regex Dep();

    [GeneratedRegex("""only:\s*(\[[^\]]*\]|:\w+)""")]
    private static partial Regex Only();

    [GeneratedRegex(@"licenses:\s*\[\s*""([^""]+)""")]
    private static partial Regex Licenses();
}
