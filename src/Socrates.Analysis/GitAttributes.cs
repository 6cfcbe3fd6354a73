using System.Text;
using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>
/// The linguist-* attributes from a repository's .gitattributes files. As in git, a file in a sub-folder
/// applies below that folder, and for each attribute the last matching line wins (deeper files win over
/// the root one because they are read after it).
/// </summary>
public sealed class GitAttributes
{
    private readonly List<(Regex Pattern, string Attribute, string? Value)> _lines = [];

    public static readonly GitAttributes Empty = new();

    /// <param name="directory">The folder that holds the file, relative to the root with '/' separators ("" for the root).</param>
    public void Add(string directory, string content)
    {
        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                continue;
            }

            var pattern = ToRegex(directory, parts[0]);
            foreach (var attribute in parts.Skip(1))
            {
                var (name, value) = attribute switch
                {
                    ['-', .. var rest] => (rest, "false"),
                    ['!', .. var rest] => (rest, null),
                    _ when attribute.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 => (attribute[..eq], attribute[(eq + 1)..]),
                    _ => (attribute, "true"),
                };
                if (name.StartsWith("linguist-", StringComparison.Ordinal))
                {
                    _lines.Add((pattern, name, value));
                }
            }
        }
    }

    public bool IsEmpty => _lines.Count == 0;

    /// <summary>The attribute's value for a path: "true", "false", a language name, or null when no line sets it.</summary>
    public string? Get(string path, string attribute)
    {
        string? value = null;
        foreach (var (pattern, name, lineValue) in _lines)
        {
            if (name == attribute && pattern.IsMatch(path))
            {
                value = lineValue;
            }
        }

        return value;
    }

    /// <summary>true/false when the attribute is set either way, null when unset.</summary>
    public bool? GetFlag(string path, string attribute) => Get(path, attribute) switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    /// <summary>A gitignore-style pattern as a regex over the full relative path.</summary>
    internal static Regex ToRegex(string directory, string pattern)
    {
        var anchored = pattern.Contains('/', StringComparison.Ordinal) && !pattern.EndsWith('/');
        pattern = pattern.TrimStart('/');
        var matchesDirectory = pattern.EndsWith('/');
        pattern = pattern.TrimEnd('/');

        var body = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, a trailing "**" everything below.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    body.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    body.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                body.Append("[^/]*");
            }
            else if (c == '?')
            {
                body.Append("[^/]");
            }
            else if (c == '[')
            {
                var end = pattern.IndexOf(']', i + 1);
                if (end < 0)
                {
                    body.Append(@"\[");
                }
                else
                {
                    var set = pattern[(i + 1)..end].Replace("\\", "\\\\", StringComparison.Ordinal);
                    body.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                    i = end;
                }
            }
            else
            {
                body.Append(Regex.Escape(c.ToString()));
            }
        }

        var prefix = directory.Length == 0 ? "" : Regex.Escape(directory) + "/";
        var start = anchored ? "^" + prefix : "^" + prefix + "(?:.*/)?";
        // A pattern naming a folder covers everything inside it.
        var end2 = matchesDirectory ? "/" : "(?:/|$)";
        return new Regex(start + body + end2, RegexOptions.CultureInvariant, RubyRegex.MatchTimeout);
    }
}
