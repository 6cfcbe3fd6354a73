using System.Buffers;
using System.Collections.Frozen;
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
    /// <param name="lookup">
    /// True to find a stored file rather than write one: a path stored before the portability rules (a device name,
    /// a trailing dot) can still be read and deleted.
    /// </param>
    public static bool TryNormalize(string? path, out string normalized, out string error, bool lookup = false)
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

            if (!lookup && !TextRules.IsVisible(segment))
            {
                error = $"'{path}' has a folder or file name with no visible character.";
                return false;
            }

            if (!lookup && !Portable(segment, out var why))
            {
                error = $"'{path}' cannot be extracted on every file system: {why}";
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

    /// <summary>Characters Windows refuses in a file name (control characters are refused before this).</summary>
    private static readonly SearchValues<char> Forbidden = SearchValues.Create("<>:\"|?*");

    private static readonly FrozenSet<string> DeviceNames = new[]
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether Windows, macOS and Linux can all hold <paramref name="segment"/> as a file or folder name.</summary>
    private static bool Portable(string segment, out string why)
    {
        var bad = segment.AsSpan().IndexOfAny(Forbidden);
        if (bad >= 0)
        {
            why = $"'{segment[bad]}' is not allowed in a file name (nor are < > : \" | ? *).";
            return false;
        }

        if (segment.EndsWith('.') || segment.EndsWith(' '))
        {
            why = $"the name '{segment}' ends in a dot or a space, which Windows drops.";
            return false;
        }

        // Windows reserves the device name with any extension too ("nul.txt"), and ignores spaces before the dot.
        var dot = segment.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? segment : segment[..dot]).TrimEnd(' ');
        if (DeviceNames.Contains(stem))
        {
            why = $"'{segment}' is a Windows device name ({stem.ToUpperInvariant()}), with or without an extension.";
            return false;
        }

        why = "";
        return true;
    }
}
