namespace Socrates.Api.Web.Components;

/// <summary>Where to go after signing in: only a path on this site, so a crafted link cannot send the user elsewhere.</summary>
public static class LocalReturn
{
    public static string Or(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url
            : fallback;
}
