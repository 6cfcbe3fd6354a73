using System.Text;
using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>The README's first paragraph of prose: after the title, badges, images and HTML, as plain text.</summary>
public static partial class ReadmeDescription
{
    public const int MaxLength = 1000;

    public static bool IsReadme(string path) => ReadmeName().IsMatch(path);

    public static string? FirstParagraph(string readme)
    {
        var paragraph = new StringBuilder();
        var inFence = false;
        var inComment = false;
        foreach (var raw in readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inComment)
            {
                inComment = !line.Contains("-->", StringComparison.Ordinal);
                continue;
            }

            if (line.StartsWith("<!--", StringComparison.Ordinal))
            {
                inComment = !line.Contains("-->", StringComparison.Ordinal);
                continue;
            }

            var isProse = !inFence && line.Length > 0
                && !line.StartsWith('#') && !line.StartsWith('<') && !line.StartsWith("![", StringComparison.Ordinal)
                && !line.StartsWith("[![", StringComparison.Ordinal) && !line.StartsWith('|') && !line.StartsWith("---", StringComparison.Ordinal)
                && !line.StartsWith("===", StringComparison.Ordinal) && !line.StartsWith("[!", StringComparison.Ordinal)
                && !line.StartsWith("..", StringComparison.Ordinal) && !IsUnderline(line);
            if (isProse)
            {
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(line.TrimStart('>', ' '));
            }
            else if (paragraph.Length > 0 && (line.Length == 0 || !inFence))
            {
                break;
            }
        }

        if (paragraph.Length == 0)
        {
            return null;
        }

        var text = Link().Replace(paragraph.ToString(), "$1");
        text = Emphasis().Replace(text, "$1").Trim();
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)].TrimEnd() + "…";
    }

    private static bool IsUnderline(string line) => line.All(c => c is '=' or '-');

    [GeneratedRegex(@"^README(?:\.(?:md|markdown|rst|txt|adoc|org))?$", RegexOptions.IgnoreCase)]
    private static partial Regex ReadmeName();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?:\*\*|__|\*|`)([^*_`]+)(?:\*\*|__|\*|`)")]
    private static partial Regex Emphasis();
}
