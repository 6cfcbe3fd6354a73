using Socrates.Api.Http;

namespace Socrates.Api.Files;

/// <summary>
/// The rules for where a generated file may live. Paths end up as zip entries and files on users' disks,
/// so anything that could land outside the project folder is refused here, once, for every caller.
/// </summary>
public static class CodePath
{
    public const int MaxLength = 512;

    /// <summary>Normalises <paramref name="path"/> to "dir/file.ext" or explains why it cannot be used.</summary>
    public static bool TryNormalize(string? path, out string normalized, out string error)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "The path is empty.";
            return false;
        }

        if (path.Any(char.IsControl))
        {
            error = "The path contains control characters.";
            return false;
        }

        var text = TextRules.Trim(path).Replace('\\', '/');

        if (text.StartsWith('/') || text.StartsWith('~'))
        {
            error = $"'{path}' is absolute; use a path relative to the project root, such as 'src/main.py'.";
            return false;
        }

        if (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':')
        {
            error = $"'{path}' starts with a drive letter; use a path relative to the project root.";
            return false;
        }

        var segments = new List<string>();
        foreach (var segment in text.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                error = $"'{path}' contains '..'; a file must stay inside the project.";
                return false;
            }

            if (!TextRules.IsVisible(segment))
            {
                error = $"'{path}' has a folder or file name with no visible character.";
                return false;
            }

            if (segment.Contains(':'))
            {
                error = $"'{path}' contains ':', which is not allowed in a file path.";
                return false;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            error = "The path names no file.";
            return false;
        }

        normalized = string.Join('/', segments);
        if (normalized.Length > MaxLength)
        {
            error = $"The path is longer than {MaxLength} characters.";
            normalized = "";
            return false;
        }

        error = "";
        return true;
    }
}
