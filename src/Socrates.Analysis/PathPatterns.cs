using System.Text;
using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>
/// Many path regexes (Linguist's vendored and documentation paths) checked against every file. Nearly every
/// pattern requires a literal ("node_modules/", ".min."): a path that contains none of them is settled by a
/// few substring searches, and a pattern's regex is built, on first need, only when its literal is there.
/// So start-up builds nothing, where compiling the 170 patterns into automata cost half a second per run.
/// </summary>
public sealed class PathPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly (string? Literal, Lazy<Regex?> Regex)[] _patterns;

    public PathPatterns(IEnumerable<string> dotNetPatterns) =>
        _patterns = dotNetPatterns
            .Select(p => (RequiredLiteral(p)?.ToLowerInvariant(), new Lazy<Regex?>(() => Compile(p))))
            .ToArray();

    public bool IsMatch(string path)
    {
        // Lower-cased once: a pattern that ignores case must not be skipped because of it.
        var lower = path.ToLowerInvariant();
        foreach (var (literal, regex) in _patterns)
        {
            if ((literal is null || lower.Contains(literal, StringComparison.Ordinal)) && regex.Value?.IsMatch(path) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A pattern .NET cannot compile matches nothing, as Linguist's untranslatable rules are skipped everywhere.</summary>
    private static Regex? Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, Options, Timeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The longest run of literal characters that every match must contain, or null when the pattern has none
    /// that is certain: an alternation at the top level, or only groups and classes. Characters inside groups are
    /// never taken (a group may be optional), nor the one before a '?', '*' or '{' quantifier.
    /// </summary>
    internal static string? RequiredLiteral(string pattern)
    {
        var runs = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        void EndRun()
        {
            runs.Add(current.ToString());
            current.Clear();
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var escaped = pattern[++i];
                if (depth == 0 && "./-_+()[]{}?*|^$ #@!~".Contains(escaped, StringComparison.Ordinal))
                {
                    current.Append(escaped);
                    DropIfQuantified(i);
                }
                else
                {
                    EndRun();
                }

                continue;
            }

            switch (c)
            {
                case '(':
                    EndRun();
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '[':
                    EndRun();
                    // A class ends at the first ']' that is not its first character.
                    var end = pattern.IndexOf(']', i + 2 < pattern.Length && pattern[i + 1] == ']' ? i + 2 : i + 1);
                    if (end < 0)
                    {
                        return null;
                    }

                    i = end;
                    break;
                case '|' when depth == 0:
                    return null;
                case '.' or '^' or '$' or '+' or '*' or '?' or '{' or '}' when depth == 0:
                    if (c is '?' or '*' or '{' && current.Length > 0)
                    {
                        current.Length--;
                    }

                    EndRun();
                    break;
                default:
                    if (depth == 0)
                    {
                        current.Append(c);
                        DropIfQuantified(i);
                    }

                    break;
            }
        }

        EndRun();
        var longest = runs.MaxBy(r => r.Length);
        return string.IsNullOrEmpty(longest) ? null : longest;

        void DropIfQuantified(int at)
        {
            if (at + 1 < pattern.Length && pattern[at + 1] is '?' or '*' or '{')
            {
                current.Length--;
                EndRun();
            }
        }
    }
}
