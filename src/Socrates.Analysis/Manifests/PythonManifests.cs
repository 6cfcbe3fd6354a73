using System.Text;
using System.Text.RegularExpressions;
using Tomlyn.Model;

namespace Socrates.Analysis.Manifests;

/// <summary>
/// Python's manifests: requirements files, pyproject.toml (PEP 621, PEP 735 groups, Poetry), Pipfile,
/// setup.cfg and setup.py. Every dependency string is read as a PEP 508 requirement.
/// </summary>
public static partial class PythonManifests
{
    public static ManifestResult ParseRequirements(string path, string content)
    {
        var development = FileNameOf(path).Contains("dev", StringComparison.OrdinalIgnoreCase)
            || FileNameOf(path).Contains("test", StringComparison.OrdinalIgnoreCase);
        var dependencies = new List<Dependency>();
        foreach (var raw in JoinContinuations(content).Split('\n'))
        {
            var line = StripComment(raw).Trim();
            // Options (-r other.txt, -e ., --index-url) and URLs name no package by PEP 508.
            if (line.Length == 0 || line.StartsWith('-') || line.Contains("://", StringComparison.Ordinal) && !line.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            if (Requirement(line, path, development) is { } dependency)
            {
                dependencies.Add(dependency);
            }
        }

        return new ManifestResult(path, "pip", dependencies);
    }

    public static ManifestResult ParsePyProject(string path, string content)
    {
        var root = Toml.Parse(content);
        var dependencies = new List<Dependency>();
        var manager = "pip";
        string? license = null;

        if (root.TryGetValue("project", out var p) && p is TomlTable project)
        {
            // PEP 639's SPDX expression, or PEP 621's { text = "..." } table.
            license = project.TryGetValue("license", out var l) ? l switch
            {
                string expression => expression,
                TomlTable table when table.TryGetValue("text", out var text) => text as string,
                _ => null,
            } : null;
            AddStrings(project.TryGetValue("dependencies", out var deps) ? deps : null, false);
            if (project.TryGetValue("optional-dependencies", out var optional) && optional is TomlTable extras)
            {
                foreach (var (name, list) in extras)
                {
                    AddStrings(list, IsDevGroup(name));
                }
            }
        }

        if (root.TryGetValue("dependency-groups", out var g) && g is TomlTable groups)
        {
            foreach (var (name, list) in groups)
            {
                AddStrings(list, IsDevGroup(name));
            }
        }

        if (root.TryGetValue("tool", out var t) && t is TomlTable tool)
        {
            if (tool.TryGetValue("poetry", out var po) && po is TomlTable poetry)
            {
                manager = "poetry";
                license ??= poetry.TryGetValue("license", out var pl) ? pl as string : null;
                AddTable(poetry, "dependencies", false);
                AddTable(poetry, "dev-dependencies", true);
                if (poetry.TryGetValue("group", out var pg) && pg is TomlTable poetryGroups)
                {
                    foreach (var (name, group) in poetryGroups)
                    {
                        if (group is TomlTable gt)
                        {
                            AddTable(gt, "dependencies", IsDevGroup(name));
                        }
                    }
                }
            }
            else if (tool.ContainsKey("uv"))
            {
                manager = "uv";
            }
            else if (tool.ContainsKey("pdm"))
            {
                manager = "pdm";
            }
            else if (tool.ContainsKey("hatch"))
            {
                manager = "hatch";
            }
        }

        return new ManifestResult(path, manager, dependencies) { DeclaredLicense = license };

        void AddStrings(object? list, bool development)
        {
            if (list is TomlArray array)
            {
                foreach (var item in array.OfType<string>())
                {
                    if (Requirement(item, path, development) is { } dependency)
                    {
                        dependencies.Add(dependency);
                    }
                }
            }
        }

        void AddTable(TomlTable table, string key, bool development)
        {
            if (table.TryGetValue(key, out var value) && value is TomlTable deps)
            {
                foreach (var (name, spec) in deps)
                {
                    if (!name.Equals("python", StringComparison.OrdinalIgnoreCase))
                    {
                        // "^1.0", or a table such as { version = "^1.0", extras = [...] }.
                        var version = spec is TomlTable specTable && specTable.TryGetValue("version", out var v) ? v as string : spec as string;
                        dependencies.Add(new Dependency(Ecosystems.PyPI, Normalize(name), version, path, development));
                    }
                }
            }
        }
    }

    public static ManifestResult ParsePipfile(string path, string content)
    {
        var root = Toml.Parse(content);
        var dependencies = new List<Dependency>();
        foreach (var (section, development) in new[] { ("packages", false), ("dev-packages", true) })
        {
            if (root.TryGetValue(section, out var value) && value is TomlTable packages)
            {
                foreach (var (name, spec) in packages)
                {
                    var version = spec switch
                    {
                        string s => s,
                        TomlTable table when table.TryGetValue("version", out var v) => v as string,
                        _ => null,
                    };
                    dependencies.Add(new Dependency(Ecosystems.PyPI, Normalize(name), version, path, development));
                }
            }
        }

        return new ManifestResult(path, "pipenv", dependencies);
    }

    /// <summary>setup.cfg: the INI keys install_requires, tests_require and [options.extras_require].</summary>
    public static ManifestResult ParseSetupCfg(string path, string content)
    {
        var dependencies = new List<Dependency>();
        string? license = null;
        string? section = null;
        string? key = null;
        foreach (var raw in content.Split('\n'))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']', ' ');
                key = null;
                continue;
            }

            string value;
            if (!char.IsWhiteSpace(line[0]) && line.IndexOfAny(['=', ':']) is var eq and > 0)
            {
                key = line[..eq].Trim();
                value = line[(eq + 1)..].Trim();
            }
            else
            {
                value = line.Trim();
            }

            if (section == "metadata" && key == "license" && value.Length > 0)
            {
                license ??= value;
            }

            var collects = section switch
            {
                "options" => key is "install_requires" or "tests_require" or "setup_requires",
                "options.extras_require" => true,
                _ => false,
            };
            if (collects && value.Length > 0)
            {
                var development = key == "tests_require" || section == "options.extras_require" && IsDevGroup(key ?? "");
                if (Requirement(value, path, development) is { } dependency)
                {
                    dependencies.Add(dependency);
                }
            }
        }

        return new ManifestResult(path, "pip", dependencies) { DeclaredLicense = license };
    }

    /// <summary>
    /// setup.py: the string literals in the install_requires, tests_require and extras_require arguments of
    /// setup(). Read with a small Python tokenizer (strings, brackets, comments), never executed.
    /// </summary>
    public static ManifestResult ParseSetupPy(string path, string content)
    {
        var dependencies = new List<Dependency>();
        foreach (var (keyword, development) in new[] { ("install_requires", false), ("tests_require", true), ("extras_require", false), ("setup_requires", false) })
        {
            foreach (Match match in Regex.Matches(content, @"\b" + keyword + @"\s*=\s*(?=[\[\({])", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                foreach (var literal in StringLiteralsInBrackets(content, match.Index + match.Length, keyword == "extras_require"))
                {
                    if (Requirement(literal, path, development) is { } dependency)
                    {
                        dependencies.Add(dependency);
                    }
                }
            }
        }

        return new ManifestResult(path, "pip", dependencies);
    }

    /// <summary>The string literals inside the bracketed expression starting at <paramref name="start"/>; dict keys skipped when asked.</summary>
    private static List<string> StringLiteralsInBrackets(string text, int start, bool skipDictKeys)
    {
        var literals = new List<string>();
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '[' or '(' or '{')
            {
                depth++;
            }
            else if (c is ']' or ')' or '}')
            {
                if (--depth == 0)
                {
                    break;
                }
            }
            else if (c == '#')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end;
            }
            else if (c is '"' or '\'')
            {
                var triple = i + 2 < text.Length && text[i + 1] == c && text[i + 2] == c;
                var quote = triple ? new string(c, 3) : c.ToString();
                var bodyStart = i + quote.Length;
                var end = text.IndexOf(quote, bodyStart, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                var literal = text[bodyStart..end];
                i = end + quote.Length - 1;
                var after = text.AsSpan(i + 1).TrimStart();
                if (!(skipDictKeys && after.Length > 0 && after[0] == ':'))
                {
                    literals.Add(literal);
                }
            }
        }

        return literals;
    }

    /// <summary>A PEP 508 requirement: a name, optional [extras], a version specifier, optional "; markers" or "@ url".</summary>
    internal static Dependency? Requirement(string text, string file, bool development)
    {
        var match = RequirementPattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var version = match.Groups["version"].Value.Trim();
        return new Dependency(Ecosystems.PyPI, Normalize(match.Groups["name"].Value), version.Length == 0 ? null : version, file, development);
    }

    /// <summary>PEP 503 normalisation: case and runs of -, _ and . do not distinguish names.</summary>
    internal static string Normalize(string name) => SeparatorRun().Replace(name.Trim().ToLowerInvariant(), "-");

    private static bool IsDevGroup(string name) =>
        name.Contains("dev", StringComparison.OrdinalIgnoreCase) || name.Contains("test", StringComparison.OrdinalIgnoreCase)
        || name.Contains("lint", StringComparison.OrdinalIgnoreCase) || name.Contains("doc", StringComparison.OrdinalIgnoreCase);

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        if (line.StartsWith('#'))
        {
            return "";
        }

        return hash >= 0 ? line[..hash] : line;
    }

    private static string JoinContinuations(string content)
    {
        var builder = new StringBuilder(content.Length);
        foreach (var line in content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.EndsWith('\\'))
            {
                builder.Append(line.AsSpan(0, line.Length - 1));
            }
            else
            {
                builder.Append(line).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string FileNameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?<version>[<>=!~^][^;@]*)?(?:[;@].*)?$")]
    private static partial Regex RequirementPattern();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex SeparatorRun();
}
