using System.Text.RegularExpressions;

namespace Socrates.Analysis.Manifests;

/// <summary>
/// build.gradle and build.gradle.kts: dependency declarations (configuration "group:artifact:version", in
/// Groovy or Kotlin call syntax, or the group:/name: map form) and plugins { id "..." }. Gradle scripts are
/// programs; this reads the declarative forms nearly every build uses.
/// </summary>
public static partial class GradleBuild
{
    public static ManifestResult Parse(string path, string content)
    {
        var dependencies = new List<Dependency>();
        foreach (Match m in Coordinate().Matches(content))
        {
            var configuration = m.Groups["conf"].Value;
            dependencies.Add(new Dependency(Ecosystems.Maven, $"{m.Groups["group"].Value}:{m.Groups["artifact"].Value}",
                m.Groups["version"].Success ? m.Groups["version"].Value : null, path,
                configuration.StartsWith("test", StringComparison.Ordinal) || configuration.StartsWith("androidTest", StringComparison.Ordinal)));
        }

        foreach (Match m in MapForm().Matches(content))
        {
            dependencies.Add(new Dependency(Ecosystems.Maven, $"{m.Groups["group"].Value}:{m.Groups["artifact"].Value}", null, path,
                m.Groups["conf"].Value.StartsWith("test", StringComparison.Ordinal)));
        }

        foreach (Match m in Plugin().Matches(content))
        {
            dependencies.Add(new Dependency(Ecosystems.Maven, "plugin:" + m.Groups["id"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null, path));
        }

        return new ManifestResult(path, "gradle", dependencies);
    }

    [GeneratedRegex("""(?m)^\s*(?<conf>implementation|api|compile|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|testImplementation|testCompile|testRuntimeOnly|androidTestImplementation|debugImplementation|classpath)\s*\(?\s*(?:platform\s*\(\s*)?["'](?<group>[\w.\-]+):(?<artifact>[\w.\-]+)(?::(?<version>[^"'@:]+))?[^"']*["']""")]
    private static partial Regex Coordinate();

    [GeneratedRegex("""(?m)^\s*(?<conf>\w+)\s*\(?\s*group\s*[:=]\s*["'](?<group>[\w.\-]+)["']\s*,\s*name\s*[:=]\s*["'](?<artifact>[\w.\-]+)["']""")]
    private static partial Regex MapForm();

    [GeneratedRegex("""(?m)^\s*(?:id\s*\(?\s*["'](?<id>[\w.\-]+)["']\s*\)?(?:\s*version\s*\(?\s*["'](?<version>[^"']+)["'])?|kotlin\s*\(\s*["'](?<id>[\w.\-]+)["']\s*\)|apply\s+plugin\s*:\s*["'](?<id>[\w.\-]+)["'])""")]
    private static partial Regex Plugin();
}
