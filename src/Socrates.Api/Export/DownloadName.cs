using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

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

        // The framework RFC 5987-encodes the real name; the ASCII slug is ours, because the framework's own fallback
        // (TypedResults.File's fileDownloadName) keeps path separators and quotes and turns "é" into "_". Quoted, as
        // some clients still expect.
        return new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"\"{Slug(projectName)}.{extension}\"",
            FileNameStar = $"{real}.{extension}",
        }.ToString();
    }
}
