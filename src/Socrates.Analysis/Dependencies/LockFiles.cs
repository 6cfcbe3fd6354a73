using System.Text.Json;
using System.Text.RegularExpressions;
using Socrates.Analysis.Manifests;
using Tomlyn.Model;

namespace Socrates.Analysis.Dependencies;

/// <summary>What one lock file pinned: package name (as its ecosystem spells it in manifests) to exact version.</summary>
public sealed record LockFile(string File, string Ecosystem, IReadOnlyDictionary<string, string> Versions);

/// <summary>
/// The lock files of each ecosystem, read for the versions they resolved. Each reader parses its format's
/// documented shape and ignores the rest (integrity hashes, sources, the dependency tree).
/// </summary>
public static partial class LockFiles
{
    public static bool IsLockFile(string path) => Reader(FileName(path)) is not null;

    /// <summary>The versions a lock file pins; an unreadable one pins nothing, it never throws.</summary>
    public static LockFile? Read(string path, string content)
    {
        if (Reader(FileName(path)) is not { } reader)
        {
            return null;
        }

        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            reader.Read(content, versions);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or Tomlyn.TomlException)
        {
            return null;
        }

        return new LockFile(path, reader.Ecosystem, versions);
    }

    private static (string Ecosystem, Action<string, Dictionary<string, string>> Read)? Reader(string name) => name switch
    {
        "package-lock.json" or "npm-shrinkwrap.json" => (Ecosystems.Npm, NpmLock),
        "yarn.lock" => (Ecosystems.Npm, YarnLock),
        "pnpm-lock.yaml" => (Ecosystems.Npm, PnpmLock),
        "poetry.lock" or "uv.lock" or "pdm.lock" => (Ecosystems.PyPI, (c, v) => TomlPackages(c, v, normalise: true)),
        "Pipfile.lock" => (Ecosystems.PyPI, PipfileLock),
        "Cargo.lock" => (Ecosystems.Cargo, (c, v) => TomlPackages(c, v, normalise: false)),
        "Gemfile.lock" => (Ecosystems.RubyGems, GemfileLock),
        "go.sum" => (Ecosystems.Go, GoSum),
        "packages.lock.json" => (Ecosystems.NuGet, NuGetLock),
        "composer.lock" => (Ecosystems.Packagist, ComposerLock),
        "mix.lock" => (Ecosystems.Hex, MixLock),
        _ => null,
    };

    /// <summary>package-lock v2/v3 "packages" keyed by node_modules path; v1 "dependencies" keyed by name.</summary>
    private static void NpmLock(string content, Dictionary<string, string> versions)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object)
        {
            foreach (var package in packages.EnumerateObject())
            {
                // Only top-level installs: a nested node_modules holds a second copy for one dependent.
                var at = package.Name.LastIndexOf("node_modules/", StringComparison.Ordinal);
                if (at >= 0 && package.Name.IndexOf("node_modules/", StringComparison.Ordinal) == at
                    && package.Value.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
                {
                    versions.TryAdd(package.Name[(at + "node_modules/".Length)..], version.GetString()!);
                }
            }
        }
        else if (root.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
        {
            foreach (var dependency in dependencies.EnumerateObject())
            {
                if (dependency.Value.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
                {
                    versions.TryAdd(dependency.Name, version.GetString()!);
                }
            }
        }
    }

    /// <summary>yarn v1 ("name@range, name@range2:" then `  version "1.2.3"`) and Berry (`"name@npm:range":` then `  version: 1.2.3`).</summary>
    private static void YarnLock(string content, Dictionary<string, string> versions)
    {
        string? current = null;
        foreach (var line in content.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.TrimEnd().EndsWith(':') && !line.StartsWith('#'))
            {
                var first = line.TrimEnd().TrimEnd(':').Split(',')[0].Trim().Trim('"');
                var at = first.IndexOf('@', 1);
                current = at > 0 ? first[..at] : null;
            }
            else if (current is not null && YarnVersion().Match(line) is { Success: true } version)
            {
                versions.TryAdd(current, version.Groups[1].Value);
                current = null;
            }
        }
    }

    /// <summary>pnpm: the importers' resolved versions (v6+), else the keys of "packages:" ("/name@1.2.3" or "name@1.2.3").</summary>
    private static void PnpmLock(string content, Dictionary<string, string> versions)
    {
        var inPackages = false;
        string? dependency = null;
        foreach (var line in content.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inPackages = line.StartsWith("packages:", StringComparison.Ordinal);
                dependency = null;
                continue;
            }

            if (inPackages && PnpmPackageKey().Match(line) is { Success: true } key)
            {
                versions.TryAdd(key.Groups["name"].Value, key.Groups["version"].Value);
            }
            else if (!inPackages && PnpmImporterDependency().Match(line) is { Success: true } name)
            {
                dependency = name.Groups[1].Value.Trim('\'', '"');
            }
            else if (!inPackages && dependency is not null && PnpmImporterVersion().Match(line) is { Success: true } version)
            {
                versions[dependency] = version.Groups[1].Value.Split('(')[0].Trim('\'', '"');
                dependency = null;
            }
        }
    }

    /// <summary>poetry.lock, uv.lock, pdm.lock and Cargo.lock: [[package]] tables with name and version.</summary>
    private static void TomlPackages(string content, Dictionary<string, string> versions, bool normalise)
    {
        if (Toml.Parse(content).TryGetValue("package", out var packages) && packages is TomlTableArray array)
        {
            foreach (var package in array)
            {
                if (package.TryGetValue("name", out var name) && name is string n && package.TryGetValue("version", out var version) && version is string v)
                {
                    versions.TryAdd(normalise ? PythonManifests.Normalize(n) : n, v);
                }
            }
        }
    }

    private static void PipfileLock(string content, Dictionary<string, string> versions)
    {
        using var document = JsonDocument.Parse(content);
        foreach (var section in new[] { "default", "develop" })
        {
            if (document.RootElement.TryGetProperty(section, out var packages) && packages.ValueKind == JsonValueKind.Object)
            {
                foreach (var package in packages.EnumerateObject())
                {
                    if (package.Value.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
                    {
                        versions.TryAdd(PythonManifests.Normalize(package.Name), version.GetString()!.TrimStart('='));
                    }
                }
            }
        }
    }

    /// <summary>The specs of every source section: four spaces, name, version in parentheses.</summary>
    private static void GemfileLock(string content, Dictionary<string, string> versions)
    {
        foreach (Match m in GemSpec().Matches(content))
        {
            versions.TryAdd(m.Groups["name"].Value, m.Groups["version"].Value);
        }
    }

    /// <summary>go.sum lists every version the build graph considered; the highest is the one minimal version selection picks.</summary>
    private static void GoSum(string content, Dictionary<string, string> versions)
    {
        foreach (var line in content.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                var version = parts[1].Replace("/go.mod", "", StringComparison.Ordinal);
                if (!versions.TryGetValue(parts[0], out var known) || CompareSemver(version, known) > 0)
                {
                    versions[parts[0]] = version;
                }
            }
        }
    }

    /// <summary>packages.lock.json: per target framework, each package's "resolved" version.</summary>
    private static void NuGetLock(string content, Dictionary<string, string> versions)
    {
        using var document = JsonDocument.Parse(content);
        if (document.RootElement.TryGetProperty("dependencies", out var frameworks) && frameworks.ValueKind == JsonValueKind.Object)
        {
            foreach (var framework in frameworks.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var package in framework.Value.EnumerateObject())
                {
                    if (package.Value.TryGetProperty("resolved", out var resolved) && resolved.ValueKind == JsonValueKind.String)
                    {
                        versions.TryAdd(package.Name, resolved.GetString()!);
                    }
                }
            }
        }
    }

    private static void ComposerLock(string content, Dictionary<string, string> versions)
    {
        using var document = JsonDocument.Parse(content);
        foreach (var section in new[] { "packages", "packages-dev" })
        {
            if (document.RootElement.TryGetProperty(section, out var packages) && packages.ValueKind == JsonValueKind.Array)
            {
                foreach (var package in packages.EnumerateArray())
                {
                    if (package.TryGetProperty("name", out var name) && package.TryGetProperty("version", out var version)
                        && name.ValueKind == JsonValueKind.String && version.ValueKind == JsonValueKind.String)
                    {
                        versions.TryAdd(name.GetString()!.ToLowerInvariant(), version.GetString()!.TrimStart('v'));
                    }
                }
            }
        }
    }

    /// <summary>mix.lock: `"name": {:hex, :name, "1.2.3", ...}`; git dependencies have no version and are skipped.</summary>
    private static void MixLock(string content, Dictionary<string, string> versions)
    {
        foreach (Match m in MixEntry().Matches(content))
        {
            versions.TryAdd(m.Groups["name"].Value, m.Groups["version"].Value);
        }
    }

    internal static int CompareSemver(string a, string b)
    {
        static int[] Parts(string v) => v.TrimStart('v').Split('-', '+')[0].Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).ToArray();
        var (x, y) = (Parts(a), Parts(b));
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        return string.CompareOrdinal(a, b);
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    [GeneratedRegex("""^\s+version:?\s+"?([^"\s]+)"?\s*$""")]
    private static partial Regex YarnVersion();

    [GeneratedRegex("""^  '?/?(?<name>@?[^@\s'/]+(?:/[^@\s']+)?)[@/](?<version>\d[^:('\s]*)""")]
    private static partial Regex PnpmPackageKey();

    [GeneratedRegex("""^ {6}('?@?[^:\s]+'?):\s*$""")]
    private static partial Regex PnpmImporterDependency();

    [GeneratedRegex("""^ {8}version:\s*(\S+)""")]
    private static partial Regex PnpmImporterVersion();

    [GeneratedRegex("""(?m)^ {4}(?<name>[A-Za-z0-9_.\-]+) \((?<version>[^)\s]+)\)\s*$""")]
    private static partial Regex GemSpec();

    [GeneratedRegex(@"""(?<name>[a-z0-9_]+)"":\s*\{:hex,\s*:[a-z0-9_]+,\s*""(?<version>[^""]+)""")]
    private static partial Regex MixEntry();
}
