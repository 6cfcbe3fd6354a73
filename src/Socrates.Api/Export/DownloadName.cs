using System.Globalization;
using System.Text;

namespace Socrates.Api.Export;

/// <summary>
/// The Content-Disposition of an export: an ASCII slug every client can save ("my-project.md") and, for those that
/// read RFC 6266's filename*, the project's real name in UTF-8.
/// </summary>
public static class DownloadName
{
    private const int MaxSlugLength = 80;

    public static string Slug(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // the accent of "é" after decomposition: keep the "e"
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length > MaxSlugLength)
        {
            slug = slug[..MaxSlugLength].TrimEnd('-');
        }

        return slug.Length == 0 ? "project" : slug;
    }

    public static string ContentDisposition(string projectName, string extension)
    {
        var real = new string([.. projectName.Where(c => !char.IsControl(c))]).Trim();
        if (real.Length == 0)
        {
            real = "project";
        }

        return $"attachment; filename=\"{Slug(projectName)}.{extension}\"; filename*=UTF-8''{Rfc5987(real + "." + extension)}";
    }

    /// <summary>RFC 5987 value-chars: attr-chars as they are, every other UTF-8 byte as %XX.</summary>
    private static string Rfc5987(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
