using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>
/// A manifest's licence field as an SPDX id or expression. Most ecosystems ask for SPDX already; older
/// manifests (pom.xml names, setup.cfg, gemspecs) use the licence's name, mapped here.
/// </summary>
public static partial class LicenseNames
{
    private static readonly (Regex Name, string Spdx)[] Names =
    [
        (Pattern(@"^(the )?mit( license)?$"), "MIT"),
        (Pattern(@"^(the )?apache( software)?( license)?,?( version)? ?2(\.0)?$|^apache-?2(\.0)?$|^asl ?2(\.0)?$"), "Apache-2.0"),
        (Pattern(@"^(gnu )?(general public license|gpl) ?v?3(\.0)?( only)?$|^gplv3$"), "GPL-3.0-only"),
        (Pattern(@"^(gnu )?(general public license|gpl) ?v?3(\.0)?( or later|\+)$"), "GPL-3.0-or-later"),
        (Pattern(@"^(gnu )?(general public license|gpl) ?v?2(\.0)?( only)?$|^gplv2$"), "GPL-2.0-only"),
        (Pattern(@"^(gnu )?(general public license|gpl) ?v?2(\.0)?( or later|\+)$"), "GPL-2.0-or-later"),
        (Pattern(@"^(gnu )?(lesser general public license|lgpl) ?v?3(\.0)?$"), "LGPL-3.0-only"),
        (Pattern(@"^(gnu )?(lesser general public license|lgpl) ?v?2\.1$"), "LGPL-2.1-only"),
        (Pattern(@"^(gnu )?(affero general public license|agpl) ?v?3(\.0)?$"), "AGPL-3.0-only"),
        (Pattern(@"^(new |modified |revised )?bsd( 3-clause| three-clause)?( license)?$|^bsd-3$"), "BSD-3-Clause"),
        (Pattern(@"^(simplified |freebsd )?bsd 2-clause( license)?$|^bsd-2$"), "BSD-2-Clause"),
        (Pattern(@"^isc( license)?$"), "ISC"),
        (Pattern(@"^mozilla public license,? ?(version )?2\.0$|^mpl ?2(\.0)?$"), "MPL-2.0"),
        (Pattern(@"^eclipse public license,? ?(- )?(version |v ?)?2\.0$|^epl ?2(\.0)?$"), "EPL-2.0"),
        (Pattern(@"^eclipse public license,? ?(- )?(version |v ?)?1\.0$|^epl ?1(\.0)?$"), "EPL-1.0"),
        (Pattern(@"^(the )?unlicense$"), "Unlicense"),
        (Pattern(@"^boost software license,? ?(version )?1\.0$|^bsl ?1(\.0)?$"), "BSL-1.0"),
        (Pattern(@"^cc0( 1\.0)?( universal)?$"), "CC0-1.0"),
        (Pattern(@"^ruby( license)?$"), "Ruby"),
        (Pattern(@"^(the )?artistic license 2(\.0)?$"), "Artistic-2.0"),
        (Pattern(@"^zlib( license)?$"), "Zlib"),
    ];

    /// <summary>The SPDX form of a declared licence, or null when it is neither SPDX nor a name listed here.</summary>
    public static string? ToSpdx(string declared)
    {
        var text = declared.Trim().Trim('(', ')');
        var name = Whitespace().Replace(text.ToLowerInvariant().Replace('-', ' ').Replace("_", " ", StringComparison.Ordinal), " ");
        foreach (var (pattern, spdx) in Names)
        {
            if (pattern.IsMatch(name) || pattern.IsMatch(text.ToLowerInvariant()))
            {
                return spdx;
            }
        }

        return SpdxExpression().IsMatch(text) || SpdxCompound().IsMatch(text) ? text : null;
    }

    /// <summary>
    /// True when an expression allows the licence a file grants: "MIT OR Apache-2.0" agrees with an MIT
    /// LICENSE file. "GPL-3.0" and "GPL-3.0-only" are the same licence (the short form is SPDX's older id).
    /// </summary>
    public static bool Agrees(string expression, string fileSpdx)
    {
        static string Base(string id) => id.Replace("-only", "", StringComparison.Ordinal).Replace("-or-later", "", StringComparison.Ordinal).TrimEnd('+');
        return expression.Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Any(token => Base(token).Equals(Base(fileSpdx), StringComparison.OrdinalIgnoreCase));
    }

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>One SPDX id: letters, digits, '.', '-' and '+', starting with a letter (MIT, Apache-2.0, GPL-2.0+).</summary>
    [GeneratedRegex(@"^(LicenseRef-)?[A-Za-z][A-Za-z0-9.+-]*[0-9A-Za-z+]$")]
    private static partial Regex SpdxExpression();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.+-]*( (OR|AND|WITH) [A-Za-z][A-Za-z0-9.+-]*)+$")]
    private static partial Regex SpdxCompound();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
