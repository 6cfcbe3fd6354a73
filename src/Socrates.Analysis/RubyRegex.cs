using System.Text;
using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>
/// Compiles the Ruby (Onigmo) regular expressions in Linguist's tables as .NET ones. Ruby's ^ and $ always
/// match at line breaks, its (?m) is .NET's (?s), \h is a hex digit and possessive quantifiers exist;
/// everything else those tables use reads the same in both.
/// </summary>
public static class RubyRegex
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The .NET regex, or null when the pattern uses something .NET has no equivalent for.</summary>
    public static Regex? TryCompile(string rubyPattern, bool compiled = false)
    {
        try
        {
            var options = RegexOptions.Multiline | RegexOptions.CultureInvariant;
            if (compiled)
            {
                options |= RegexOptions.Compiled;
            }

            return new Regex(Translate(rubyPattern), options, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The regex built for scanning many kilobytes: the automaton engine (linear, cheap to build) when it takes
    /// the pattern, else compiled backtracking (look-arounds, back-references); null when .NET cannot compile it.
    /// </summary>
    public static Regex? TryCompileFast(string rubyPattern)
    {
        const RegexOptions options = RegexOptions.Multiline | RegexOptions.CultureInvariant;
        var pattern = Translate(rubyPattern);
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            try
            {
                return new Regex(pattern, options | RegexOptions.Compiled, MatchTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static string Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        var afterQuantifier = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var wasAfterQuantifier = afterQuantifier;
            afterQuantifier = false;
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                switch (next)
                {
                    case 'h':
                        result.Append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]");
                        break;
                    case 'H':
                        result.Append("[^0-9a-fA-F]");
                        break;
                    case 'Z':
                        result.Append(@"(?=\n?\z)");
                        break;
                    default:
                        result.Append(c).Append(next);
                        break;
                }

                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    result.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        result.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        result.Append(@"\]");
                        i++;
                    }

                    break;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?':
                    // Inline flags: Ruby's m (dot matches newline) is .NET's s.
                    var j = i + 2;
                    var flags = new StringBuilder();
                    while (j < pattern.Length && (char.IsLetter(pattern[j]) || pattern[j] == '-'))
                    {
                        flags.Append(pattern[j] == 'm' ? 's' : pattern[j]);
                        j++;
                    }

                    if (flags.Length > 0 && j < pattern.Length && (pattern[j] == ':' || pattern[j] == ')'))
                    {
                        result.Append("(?").Append(flags);
                        i = j - 1;
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
                case '+' when wasAfterQuantifier:
                    // A possessive quantifier (x*+, x++, x?+) becomes a plain greedy one: same matches here.
                    break;
                case '*' or '+' or '?' or '}':
                    result.Append(c);
                    afterQuantifier = true;
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }
}
