using System.Globalization;
using System.Text;

namespace Socrates.Api.Export;

/// <summary>
/// Puts user text into CommonMark so that it stays text and still reads as plain text. Inline text escapes only
/// the punctuation that CommonMark would read as syntax where it stands, and writes line breaks, tabs, other
/// control characters and edge spaces as numeric character references, which a parser decodes back but never
/// reads as structure.
/// Multi-line text goes in a fenced block whose fence is longer than any backtick run inside it, since
/// backslashes mean nothing there.
/// </summary>
public static class MarkdownText
{
    /// <summary>The fence argument for text whose every line break is CRLF.</summary>
    public const string CrlfArgument = "crlf";

    /// <summary>The fence argument listing each line break in order: n for LF, r for CR, c for CRLF.</summary>
    public const string EolArgument = "eol=";

    /// <summary>CRLF and lone CR become LF: CommonMark treats all three as line endings, so the export writes one.</summary>
    public static string NormalizeLineEndings(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    /// <summary>
    /// What the fence's info line must add so the reader can put back line breaks other than LF: nothing for LF only,
    /// <see cref="CrlfArgument"/> when all are CRLF, else <see cref="EolArgument"/> and one letter per break.
    /// </summary>
    public static string LineEndingArgument(string text)
    {
        if (!text.Contains('\r', StringComparison.Ordinal))
        {
            return "";
        }

        var breaks = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                breaks.Append('c');
                i++;
            }
            else if (text[i] is '\r' or '\n')
            {
                breaks.Append(text[i] == '\r' ? 'r' : 'n');
            }
        }

        return breaks.ToString().All(b => b == 'c') ? CrlfArgument : EolArgument + breaks;
    }

    /// <summary>The line break after line <paramref name="index"/> of a fence with <paramref name="arguments"/> on its info line.</summary>
    public static string LineBreak(string? arguments, int index)
    {
        if (arguments == CrlfArgument)
        {
            return "\r\n";
        }

        if (arguments is not null && arguments.StartsWith(EolArgument, StringComparison.Ordinal) && EolArgument.Length + index < arguments.Length)
        {
            return arguments[EolArgument.Length + index] switch
            {
                'c' => "\r\n",
                'r' => "\r",
                _ => "\n",
            };
        }

        return "\n";
    }

    /// <summary>
    /// Text for a heading, list item or paragraph: one line, read back exactly. A backslash goes only before a
    /// character that CommonMark would otherwise read as syntax where it stands, so identifiers such as
    /// <c>gpt-5-mini</c>, <c>tech_stack</c> or <c>C#</c> read as written.
    /// </summary>
    public static void AppendInline(StringBuilder sb, string text)
    {
        var safeFrom = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var reference = NeedsReference(text, i);
            if (!reference && !NeedsEscape(text, i))
            {
                continue;
            }

            // Safe runs are copied whole; only the characters that need it are rewritten.
            sb.Append(text, safeFrom, i - safeFrom);
            safeFrom = i + 1;
            if (reference)
            {
                // Spaces at the edges would be trimmed, and control characters (newlines included) would
                // end the line or be dropped; a character reference keeps each exactly.
                sb.Append("&#").Append(((int)text[i]).ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                sb.Append('\\').Append(text[i]);
            }
        }

        sb.Append(text, safeFrom, text.Length - safeFrom);
    }

    public static string Inline(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        AppendInline(sb, text);
        return sb.ToString();
    }

    /// <summary>
    /// A fenced code block holding <paramref name="text"/> verbatim, each line prefixed with <paramref name="indent"/>
    /// so it can sit inside a list item. Lines are written with LF, the one ending every tool keeps; any other line
    /// break is named on the info line (<see cref="LineEndingArgument"/>), so the reader restores the text byte for byte.
    /// </summary>
    public static void AppendFence(StringBuilder sb, string text, string info, string indent = "")
    {
        var content = NormalizeLineEndings(text);
        var fence = new string('`', Math.Max(3, LongestRun(content, '`') + 1));
        var endings = LineEndingArgument(text);
        sb.Append(indent).Append(fence).Append(info);
        if (endings.Length > 0)
        {
            sb.Append(' ').Append(endings);
        }

        sb.Append('\n');
        foreach (var line in content.Split('\n'))
        {
            if (line.Length > 0)
            {
                sb.Append(indent).Append(line);
            }

            sb.Append('\n');
        }

        sb.Append(indent).Append(fence).Append('\n');
    }

    public static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static bool NeedsReference(string text, int i) =>
        char.IsControl(text[i]) || (text[i] == ' ' && (i == 0 || i == text.Length - 1));

    /// <summary>
    /// Whether the character at <paramref name="i"/> would be read as syntax. The text always starts a block (a
    /// paragraph, a heading's content or a list item's), so the block-start rules apply at index 0; after that only
    /// inline syntax matters: emphasis, code spans, links, raw HTML and autolinks, entities, escapes, and a heading's
    /// closing hashes.
    /// </summary>
    private static bool NeedsEscape(string text, int i) => text[i] switch
    {
        '*' or '`' or '[' or '<' => true,
        '\\' => i + 1 == text.Length || IsAsciiPunctuation(text[i + 1]) || NeedsReference(text, i + 1),
        '_' => !(i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1])),
        '&' => StartsEntity(text, i),
        '#' => i == 0 || InClosingHashes(text, i),
        '>' => i == 0,
        '+' => i == 0 && SpaceOrEnd(text, 1),
        '-' => i == 0 && (SpaceOrEnd(text, 1) || text.All(c => c is '-' or ' ')),
        '~' => i == 0 && text.StartsWith("~~~", StringComparison.Ordinal),
        '.' or ')' => LeadingDigitsBefore(text, i) && SpaceOrEnd(text, i + 1),
        _ => false,
    };

    private static bool SpaceOrEnd(string text, int i) => i >= text.Length || text[i] == ' ';

    /// <summary>"&amp;name;", "&amp;#35;" or "&amp;#x23;" would be decoded as a character reference.</summary>
    private static bool StartsEntity(string text, int i)
    {
        var j = i + 1;
        if (j < text.Length && text[j] == '#')
        {
            j++;
            if (j < text.Length && text[j] is 'x' or 'X')
            {
                j++;
            }
        }

        var start = j;
        while (j < text.Length && char.IsAsciiLetterOrDigit(text[j]))
        {
            j++;
        }

        return j > start && j < text.Length && text[j] == ';';
    }

    /// <summary>A heading ends with an optional run of '#' after a space, which is dropped as its closing sequence.</summary>
    private static bool InClosingHashes(string text, int i)
    {
        var start = i;
        while (start > 0 && text[start - 1] == '#')
        {
            start--;
        }

        for (var j = i; j < text.Length; j++)
        {
            if (text[j] != '#')
            {
                return false;
            }
        }

        return start == 0 || text[start - 1] == ' ';
    }

    /// <summary>"12." or "12)" at the start of a block opens an ordered list; a '.' anywhere else is just a full stop.</summary>
    private static bool LeadingDigitsBefore(string text, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return index > 0;
    }

    private static bool IsAsciiPunctuation(char c) => c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~';
}
