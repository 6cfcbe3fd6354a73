using System.Globalization;

namespace Socrates.Api.Auth;

/// <summary>
/// The one form of an email address an account is registered under, so one mailbox is one account: a bare
/// local@domain (no display name, comments, quotes, spaces or trailing dot), compared trimmed and without regard
/// to case. The domain is compared in its ASCII (IDNA) form, so "bücher.de" and "xn--bcher-kva.de" are one domain;
/// the address is shown as it was given.
/// </summary>
public static class EmailAddress
{
    private const int MaxLocalLength = 64;
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;
    private const string Atext = "!#$%&'*+-/=?^_`{|}~";
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The unique key an address is stored and looked up under, or null with the reason it is not a bare address.</summary>
    public static string? Key(string address, out string? error)
    {
        var text = address.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != text.LastIndexOf('@'))
        {
            error = "It needs exactly one '@', as in ada@example.com.";
            return null;
        }

        var local = text[..at];
        var domain = text[(at + 1)..];
        if (LocalProblem(local) is { } localProblem)
        {
            error = localProblem;
            return null;
        }

        if (AsciiDomain(domain, out error) is not { } ascii)
        {
            return null;
        }

        error = null;
        return $"{local}@{ascii}".ToUpperInvariant();
    }

    /// <summary>
    /// The key an address had before addresses were checked: the raw text, trimmed and upper-cased. An account
    /// registered then under another form (a display name, a Unicode domain) is still found under it.
    /// </summary>
    public static string LegacyKey(string address) => address.Trim().ToUpperInvariant();

    private static string? LocalProblem(string local)
    {
        if (local.Length is 0 or > MaxLocalLength)
        {
            return $"The part before '@' must be 1 to {MaxLocalLength} characters.";
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "The part before '@' cannot start or end with '.', or hold '..'.";
        }

        // Dot-atom (RFC 5322) plus non-ASCII letters (RFC 6531); no quoted forms, which let one mailbox be spelt many ways.
        var bad = local.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c == '.' || Atext.Contains(c, StringComparison.Ordinal)
            || (c > 127 && char.IsLetterOrDigit(c))));
        return bad == default
            ? null
            : $"The part before '@' cannot contain '{bad}'. Give the address alone, without a name, quotes, spaces or angle brackets.";
    }

    private static string? AsciiDomain(string domain, out string? error)
    {
        error = "The domain must be a name with a dot, such as example.com, without a trailing dot.";
        if (domain.Length is 0 or > MaxDomainLength || domain.EndsWith('.') || !domain.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        if (ascii.Length > MaxDomainLength
            || labels.Any(l => l.Length is 0 or > MaxLabelLength || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            || labels[^1].All(char.IsAsciiDigit))
        {
            return null;
        }

        error = null;
        return ascii;
    }
}
