using System.Text.RegularExpressions;

namespace Socrates.Analysis;

/// <summary>
/// The SPDX id of a licence file: an explicit SPDX-License-Identifier line, else the phrases that only
/// that licence's text contains (checked most specific first, so LGPL is not taken for GPL).
/// </summary>
public static partial class LicenseDetector
{
    private static readonly (string Spdx, string[] AllOf, string[] NoneOf)[] Texts =
    [
        ("AGPL-3.0", ["GNU AFFERO GENERAL PUBLIC LICENSE", "Version 3"], []),
        ("LGPL-3.0", ["GNU LESSER GENERAL PUBLIC LICENSE", "Version 3"], []),
        ("LGPL-2.1", ["GNU LESSER GENERAL PUBLIC LICENSE", "Version 2.1"], []),
        ("GPL-3.0", ["GNU GENERAL PUBLIC LICENSE", "Version 3"], []),
        ("GPL-2.0", ["GNU GENERAL PUBLIC LICENSE", "Version 2"], []),
        ("Apache-2.0", ["Apache License", "Version 2.0"], []),
        ("MPL-2.0", ["Mozilla Public License", "2.0"], []),
        ("EPL-2.0", ["Eclipse Public License", "2.0"], []),
        ("BSL-1.0", ["Boost Software License", "Version 1.0"], []),
        ("CC0-1.0", ["CC0 1.0 Universal"], []),
        ("Unlicense", ["This is free and unencumbered software released into the public domain"], []),
        ("ISC", ["Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee"], []),
        ("BSD-3-Clause", ["Redistribution and use in source and binary forms", "Neither the name"], []),
        ("BSD-2-Clause", ["Redistribution and use in source and binary forms"], ["Neither the name"]),
        ("MIT", ["Permission is hereby granted, free of charge", "THE SOFTWARE IS PROVIDED"], []),
    ];

    public static bool IsLicenseFile(string path) => LicenseName().IsMatch(path);

    /// <returns>The SPDX id and how sure: 0.99 for an SPDX line, 0.95 for the licence's own text; null when unrecognised.</returns>
    public static (string Spdx, double Confidence)? Identify(string text)
    {
        if (SpdxLine().Match(text) is { Success: true } spdx)
        {
            return (spdx.Groups[1].Value, 0.99);
        }

        var flat = Whitespace().Replace(text, " ");
        foreach (var (id, allOf, noneOf) in Texts)
        {
            if (allOf.All(p => flat.Contains(p, StringComparison.OrdinalIgnoreCase))
                && !noneOf.Any(p => flat.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                return (id, 0.95);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?:LICEN[CS]E|COPYING|UNLICENSE)(?:[.-][\w.-]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LicenseName();

    [GeneratedRegex(@"SPDX-License-Identifier:\s*([\w.+-]+)")]
    private static partial Regex SpdxLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
