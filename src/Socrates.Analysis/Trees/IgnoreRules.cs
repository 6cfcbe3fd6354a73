using System.Text.RegularExpressions;

namespace Socrates.Analysis.Trees;

/// <summary>
/// A folder outside git: the patterns of its .gitignore files (each applying below its own folder, later
/// lines and deeper files winning, '!' re-including) and the build output and dependency caches that
/// every toolchain writes, which would otherwise swamp the languages of the sources.
/// </summary>
public sealed class IgnoreRules : TreeFilter
{
    private readonly string _root;
    private readonly List<(Regex Pattern, bool Negated, bool DirectoryOnly)> _rules = [];

    public IgnoreRules(string root)
    {
        _root = root;
        Load("");
    }

    public override bool IncludesDirectory(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name == ".git" || IsBuildOutput(path, name) || Ignored(path, directory: true))
        {
            return false;
        }

        Load(path);
        return true;
    }

    public override bool IncludesFile(string path) => !Ignored(path, directory: false);

    private bool Ignored(string path, bool directory)
    {
        var ignored = false;
        foreach (var (pattern, negated, directoryOnly) in _rules)
        {
            if ((!directoryOnly || directory) && ignored == negated && pattern.IsMatch(path))
            {
                ignored = !negated;
            }
        }

        return ignored;
    }

    /// <summary>Output folders are recognised by the project file beside them, so a gem's bin/ scripts still count.</summary>
    private bool IsBuildOutput(string path, string name)
    {
        var parent = Path.Combine(_root, path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "");
        return name switch
        {
            "node_modules" or "__pycache__" or ".gradle" or ".tox" or ".mypy_cache" or ".pytest_cache" => true,
            "bin" or "obj" => Directory.EnumerateFiles(parent, "*.*proj").Any() || Directory.EnumerateFiles(parent, "*.sln*").Any(),
            "target" => File.Exists(Path.Combine(parent, "Cargo.toml")) || File.Exists(Path.Combine(parent, "pom.xml")),
            "build" => File.Exists(Path.Combine(parent, "build.gradle")) || File.Exists(Path.Combine(parent, "build.gradle.kts")),
            _ => File.Exists(Path.Combine(_root, path, "pyvenv.cfg")),
        };
    }

    private void Load(string directory)
    {
        var file = Path.Combine(_root, directory, ".gitignore");
        if (!File.Exists(file))
        {
            return;
        }

        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var negated = line.StartsWith('!');
            var pattern = negated ? line[1..] : line;
            if (pattern.Length > 0)
            {
                _rules.Add((GitAttributes.ToRegex(directory, pattern.TrimEnd('/')), negated, pattern.EndsWith('/')));
            }
        }
    }
}
