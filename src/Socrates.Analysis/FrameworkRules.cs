using System.Text.Json;
using System.Text.Json.Serialization;
using Socrates.Analysis.Manifests;

namespace Socrates.Analysis;

/// <summary>
/// The framework and tool rules in Data/frameworks.json: a person adds a framework by adding a line there.
/// A rule matches a dependency by ecosystem and package name (exact, case-insensitive, or a prefix ending in *).
/// </summary>
public sealed partial class FrameworkRules
{
    private static readonly Lazy<FrameworkRules> Instance = new(Load);

    private readonly List<(FrameworkRule Rule, string Ecosystem, string Pattern)> _patterns = [];

    public FrameworkRules(IReadOnlyList<FrameworkRule> rules)
    {
        Rules = rules;
        foreach (var rule in rules)
        {
            foreach (var (ecosystem, packages) in rule.Packages)
            {
                _patterns.AddRange(packages.Select(p => (rule, ecosystem, p)));
            }
        }
    }

    public static FrameworkRules Default => Instance.Value;

    public IReadOnlyList<FrameworkRule> Rules { get; }

    /// <summary>Each framework found, with every dependency that points at it; a development-only runtime framework counts less.</summary>
    public IReadOnlyList<DetectedFramework> Detect(IEnumerable<Dependency> dependencies)
    {
        var evidence = new Dictionary<FrameworkRule, List<Dependency>>();
        foreach (var dependency in dependencies)
        {
            foreach (var (rule, ecosystem, pattern) in _patterns)
            {
                if (ecosystem == dependency.Ecosystem && Matches(pattern, dependency.Name))
                {
                    if (!evidence.TryGetValue(rule, out var list))
                    {
                        evidence[rule] = list = [];
                    }

                    if (!list.Contains(dependency))
                    {
                        list.Add(dependency);
                    }
                }
            }
        }

        return evidence
            .Select(e => new DetectedFramework(
                e.Key.Name,
                e.Key.Category,
                Confidence(e.Key, e.Value),
                e.Value.Select(d => new Evidence(d.File, d.Name, d.Version)).Distinct().Take(10).ToList()))
            .OrderByDescending(f => f.Confidence).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>True when some rule names this dependency's package.</summary>
    public bool Names(Dependency dependency) =>
        _patterns.Any(p => p.Ecosystem == dependency.Ecosystem && Matches(p.Pattern, dependency.Name));

    private static double Confidence(FrameworkRule rule, List<Dependency> evidence)
    {
        var confidence = rule.Confidence ?? 0.9;
        var developmentOnly = evidence.All(d => d.Development);
        if (developmentOnly && rule.Category is not ("testing" or "tooling"))
        {
            confidence -= 0.3;
        }

        // Declared in more than one manifest: more evidence, a little more confidence.
        if (evidence.Select(d => d.File).Distinct().Count() > 1)
        {
            confidence += 0.05;
        }

        return Math.Round(Math.Clamp(confidence, 0.1, 0.99), 2);
    }

    private static bool Matches(string pattern, string name) => pattern.EndsWith('*')
        ? name.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : name.Equals(pattern, StringComparison.OrdinalIgnoreCase);

    private static FrameworkRules Load()
    {
        using var stream = typeof(FrameworkRules).Assembly.GetManifestResourceStream("Socrates.Analysis.Data.frameworks.json")
            ?? throw new InvalidOperationException("The embedded framework rules are missing from the build.");
        var file = JsonSerializer.Deserialize(stream, RulesJson.Default.RulesFile)
            ?? throw new InvalidOperationException("The embedded framework rules are empty.");
        return new FrameworkRules(file.Frameworks);
    }

    internal sealed record RulesFile(List<FrameworkRule> Frameworks);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(RulesFile))]
    internal sealed partial class RulesJson : JsonSerializerContext;
}

public sealed record FrameworkRule(string Name, string Category, Dictionary<string, List<string>> Packages, double? Confidence);

public sealed record Evidence(string File, string Dependency, string? Version);

public sealed record DetectedFramework(string Name, string Category, double Confidence, IReadOnlyList<Evidence> Evidence);
