using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Socrates.Analysis.Manifests;
using Tomlyn.Model;

namespace Socrates.Analysis.Dependencies;

/// <summary>
/// A monorepo's root declaration: the file that lists its packages or projects, the tool it belongs to, and the
/// members as declared (folders or globs relative to that file, or project files for a solution).
/// </summary>
public sealed record Workspace(string File, string Kind, IReadOnlyList<string> Members);

/// <summary>Reads the files that declare workspaces: npm/yarn/pnpm, Cargo, Go, Gradle, Maven and .NET solutions.</summary>
public static partial class Workspaces
{
    public static bool IsWorkspaceFile(string path) => FileName(path) is "package.json" or "pnpm-workspace.yaml" or "Cargo.toml" or "go.work"
        or "settings.gradle" or "settings.gradle.kts" or "pom.xml"
        || path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The workspace this file declares, or null when it declares none (a plain package.json, a pom without modules).</summary>
    public static Workspace? Read(string path, string content)
    {
        try
        {
            var (kind, members) = FileName(path) switch
            {
                "package.json" => ("npm workspaces", NpmMembers(content)),
                "pnpm-workspace.yaml" => ("pnpm workspace", YamlList(content, "packages")),
                "Cargo.toml" => ("cargo workspace", CargoMembers(content)),
                "go.work" => ("go workspace", GoWorkMembers(content)),
                "settings.gradle" or "settings.gradle.kts" => ("gradle multi-project", GradleIncludes(content)),
                "pom.xml" => ("maven multi-module", MavenModules(content)),
                _ when path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) => (".NET solution", SlnxProjects(content)),
                _ => (".NET solution", SlnProjects(content)),
            };
            return members.Count == 0 ? null : new Workspace(path, kind, members);
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException or FormatException or InvalidOperationException or Tomlyn.TomlException)
        {
            return null;
        }
    }

    /// <summary>The workspace whose members cover a manifest's folder, if any.</summary>
    public static Workspace? Containing(IEnumerable<Workspace> workspaces, string manifestPath)
    {
        var folder = Folder(manifestPath);
        foreach (var workspace in workspaces)
        {
            var root = Folder(workspace.File);
            if (folder == root || (root.Length > 0 && !folder.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var relative = root.Length == 0 ? folder : folder[(root.Length + 1)..];
            if (workspace.Members.Any(m => MemberMatches(m, relative, manifestPath)))
            {
                return workspace;
            }
        }

        return null;
    }

    private static bool MemberMatches(string member, string relativeFolder, string manifestPath)
    {
        member = member.Replace('\\', '/').TrimStart('.', '/').TrimEnd('/');
        // A solution lists project files; a Gradle include uses ':' for folders.
        if (member.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
        {
            return manifestPath.EndsWith(member, StringComparison.OrdinalIgnoreCase);
        }

        member = member.Replace(':', '/').TrimStart('/');
        var pattern = "^" + Regex.Escape(member).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(relativeFolder, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static List<string> NpmMembers(string content)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("workspaces", out var workspaces))
        {
            return [];
        }

        // Yarn also accepts { "packages": [...] }.
        var list = workspaces.ValueKind == JsonValueKind.Object && workspaces.TryGetProperty("packages", out var packages) ? packages : workspaces;
        return list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
    }

    /// <summary>A top-level YAML key holding a block list of strings: the one shape pnpm-workspace.yaml uses.</summary>
    private static List<string> YamlList(string content, string key)
    {
        var members = new List<string>();
        var inList = false;
        foreach (var line in content.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('-'))
            {
                inList = line.TrimEnd() == key + ":";
            }
            else if (inList && line.TrimStart() is ['-', .. var item] && !item.Trim().StartsWith('!'))
            {
                members.Add(item.Trim().Trim('\'', '"'));
            }
        }

        return members;
    }

    private static List<string> CargoMembers(string content) =>
        Toml.Parse(content).TryGetValue("workspace", out var w) && w is TomlTable workspace
            && workspace.TryGetValue("members", out var m) && m is TomlArray members
            ? members.OfType<string>().ToList()
            : [];

    private static List<string> GoWorkMembers(string content) =>
        GoUse().Matches(content).SelectMany(m => m.Groups["dir"].Captures.Select(c => c.Value)).ToList();

    private static List<string> GradleIncludes(string content) =>
        GradleInclude().Matches(content).SelectMany(m => GradleProject().Matches(m.Value).Select(p => p.Groups[1].Value)).ToList();

    private static List<string> MavenModules(string content) =>
        XDocument.Parse(content).Descendants().Where(e => e.Name.LocalName == "module" && e.Parent?.Name.LocalName == "modules")
            .Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToList();

    private static List<string> SlnxProjects(string content) =>
        XDocument.Parse(content).Descendants().Where(e => e.Name.LocalName == "Project")
            .Select(e => (string?)e.Attribute("Path")).OfType<string>().ToList();

    private static List<string> SlnProjects(string content) =>
        SlnProject().Matches(content).Select(m => m.Groups[1].Value).ToList();

    private static string Folder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    [GeneratedRegex("""(?m)^use\s*(?:\(\s*(?:(?<dir>[^\s()]+)\s*)*\)|(?<dir>\S+))""")]
    private static partial Regex GoUse();

    [GeneratedRegex("""(?m)^\s*include\s*\(?[^\n]*""")]
    private static partial Regex GradleInclude();

    [GeneratedRegex("""["']:?([^"']+)["']""")]
    private static partial Regex GradleProject();

    [GeneratedRegex(@"(?m)^Project\(""[^""]*""\)\s*=\s*""[^""]*"",\s*""([^""]+\.\w+proj)""")]
    private static partial Regex SlnProject();
}
