using System.Globalization;

namespace Socrates.Api.Http;

/// <summary>Whether a field holds one line (a name, a key) or free text (a document, a file, a message).</summary>
public enum TextKind
{
    /// <summary>Names, titles, keys, categories, labels, emails, paths: no control characters at all.</summary>
    Line,

    /// <summary>Free text: keeps tabs, line breaks and other controls a file may hold, but never NUL.</summary>
    Multiline,
}

/// <summary>
/// The one rule for characters in text fields, the same on every database: PostgreSQL cannot store NUL (U+0000)
/// in text, so it is refused everywhere rather than stored on SQLite and a 500 on PostgreSQL; a one-line field
/// holds no control characters; a name must show something, so whitespace, separators and invisible format
/// characters (U+200B, U+FEFF, U+2060...) alone are blank.
/// </summary>
public static class TextRules
{
    public const char Nul = '\0';

    /// <summary>What is wrong with the characters of <paramref name="value"/>, or null when nothing is.</summary>
    public static string? Problem(string field, string value, TextKind kind)
    {
        if (value.Contains(Nul, StringComparison.Ordinal))
        {
            return NulMessage(field);
        }

        if (kind == TextKind.Line && value.FirstOrDefault(char.IsControl) is var c && c != default)
        {
            return $"'{field}' must be one line without control characters (found U+{(int)c:X4}).";
        }

        return null;
    }

    public static string NulMessage(string field) =>
        $"'{field}' contains a NUL character (U+0000), which no text field may hold.";

    /// <summary>True when some character would be seen: not only whitespace, separators, controls or format characters.</summary>
    public static bool IsVisible(string? value) => value is not null && value.Any(c => !IsInvisible(c));

    /// <summary>Trims what cannot be seen from both ends, so "Ada\u200B" and "Ada" are one name.</summary>
    public static string Trim(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsInvisible(value[start]))
        {
            start++;
        }

        while (end > start && IsInvisible(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    private static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c)
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
