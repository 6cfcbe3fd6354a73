using Socrates.Analysis.Manifests;

namespace Socrates.Analysis.Dependencies;

/// <summary>
/// The dependencies the roles data classifies but no framework rule names (an application server, a template
/// engine, an HTTP client, a test helper), reported as frameworks under their role so the stack a repository
/// declares is named whole. Framework rules stay first: they group a product's packages under one name.
/// </summary>
public static class ClassifiedFrameworks
{
    /// <summary>Roles whose packages serve the build or the tests: a development-only declaration is the normal case.</summary>
    private static readonly HashSet<string> DevelopmentRoles = ["test-framework", "test-helper", "build-tool", "linter"];

    public static IEnumerable<DetectedFramework> Detect(IEnumerable<Dependency> dependencies, FrameworkRules rules) =>
        dependencies
            .Where(d => d.Role is not null && !rules.Names(d))
            .GroupBy(d => (d.Ecosystem, Name: d.Name.ToLowerInvariant()))
            .Select(g =>
            {
                var first = g.First();
                var developmentOnly = g.All(d => d.Development);
                var confidence = developmentOnly && !DevelopmentRoles.Contains(first.Role!) ? 0.5 : 0.8;
                return new DetectedFramework(
                    first.Name,
                    Category(first.Role!),
                    confidence,
                    g.Select(d => new Evidence(d.File, d.Name, d.Version)).Distinct().Take(10).ToList());
            })
            .OrderByDescending(f => f.Confidence).ThenBy(f => f.Name, StringComparer.Ordinal);

    /// <summary>The framework rules' words where they have one, so consumers of "testing" and "web" see these too.</summary>
    public static string Category(string role) => role switch
    {
        "web-framework" => "web",
        "test-framework" => "testing",
        _ => role,
    };
}
