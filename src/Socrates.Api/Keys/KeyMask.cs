namespace Socrates.Api.Keys;

/// <summary>Shows enough of a key to tell it apart ("sk-proj-…wxyz"), never enough to use it.</summary>
public static class KeyMask
{
    private const char Ellipsis = '…';
    private const int Suffix = 4;
    private const int MaxPrefix = 8;

    public static string Mask(string key)
    {
        // Short keys show nothing: four characters of a ten-character secret is too much of it.
        if (key.Length < 12)
        {
            return Ellipsis.ToString();
        }

        var suffix = key[^Suffix..];
        var prefix = VendorPrefix(key);
        return prefix.Length + Suffix <= key.Length / 2
            ? prefix + Ellipsis + suffix
            : Ellipsis + suffix;
    }

    /// <summary>
    /// The vendor's fixed marker at the start ("sk-", "sk-ant-", "sk-proj-", "ghp_", "github_"), which says
    /// what kind of key it is and is the same for everyone: up to the last '-' or '_' in the first few characters.
    /// </summary>
    private static string VendorPrefix(string key)
    {
        var head = key[..Math.Min(MaxPrefix, key.Length)];
        var end = head.LastIndexOfAny(['-', '_']);
        if (end < 0)
        {
            return "";
        }

        // Vendor markers are lower-case words; anything else there is likely part of the secret itself.
        var prefix = head[..(end + 1)];
        return prefix.All(c => c is (>= 'a' and <= 'z') or '-' or '_') ? prefix : "";
    }
}
