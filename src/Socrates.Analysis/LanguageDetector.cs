namespace Socrates.Analysis;

/// <summary>
/// One file's language, by Linguist's strategies in Linguist's order: file name, shebang, extension, then
/// heuristics on the content when an extension belongs to several languages. Where Linguist would fall back
/// to its Bayesian classifier this picks the candidate whose main extension it is, then the most popular.
/// </summary>
public sealed class LanguageDetector(LinguistData data)
{
    public static readonly LanguageDetector Default = new(LinguistData.Default);

    public LinguistData Data => data;

    /// <summary>Whether the language can only be told from the content (a shebang or heuristics need reading the file).</summary>
    public bool NeedsContent(string path)
    {
        var name = FileName(path);
        if (data.ByFilename.TryGetValue(name, out var byName) && byName.Count == 1)
        {
            return false;
        }

        var candidates = ExtensionCandidates(name);
        return candidates.Count != 1;
    }

    /// <param name="content">The file's first bytes as text (up to the per-file cap), or null when not read.</param>
    public LanguageInfo? Detect(string path, string? content)
    {
        var name = FileName(path);
        if (data.ByFilename.TryGetValue(name, out var byName) && byName.Count == 1)
        {
            return byName[0];
        }

        if (content is not null && Shebang(content) is { } interpreter
            && data.ByInterpreter.TryGetValue(interpreter, out var byInterpreter))
        {
            return byInterpreter.Count == 1 ? byInterpreter[0] : Disambiguate(Path.GetExtension(name), byInterpreter, content);
        }

        var candidates = byName is { Count: > 1 } ? byName : ExtensionCandidates(name);
        return candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => Disambiguate(LongestExtension(name, candidates), candidates, content ?? ""),
        };
    }

    /// <summary>The languages claiming the longest of the name's extensions that any language claims (".d.ts" before ".ts").</summary>
    private List<LanguageInfo> ExtensionCandidates(string name)
    {
        var lower = name.ToLowerInvariant();
        for (var dot = lower.IndexOf('.', 1); dot > 0; dot = lower.IndexOf('.', dot + 1))
        {
            if (data.ByExtension.TryGetValue(lower[dot..], out var languages))
            {
                return languages;
            }
        }

        return [];
    }

    private string LongestExtension(string name, List<LanguageInfo> candidates)
    {
        var lower = name.ToLowerInvariant();
        for (var dot = lower.IndexOf('.', 1); dot > 0; dot = lower.IndexOf('.', dot + 1))
        {
            if (data.ByExtension.TryGetValue(lower[dot..], out var languages) && languages == candidates)
            {
                return lower[dot..];
            }
        }

        return Path.GetExtension(lower);
    }

    private LanguageInfo? Disambiguate(string extension, List<LanguageInfo> candidates, string content)
    {
        if (data.Heuristics.TryGetValue(extension.ToLowerInvariant(), out var rules))
        {
            foreach (var rule in rules)
            {
                if (rule.Matches(content))
                {
                    var matched = candidates.Where(c => rule.Languages.Contains(c.Name)).ToList();
                    if (matched.Count == 1)
                    {
                        return matched[0];
                    }

                    if (matched.Count > 1)
                    {
                        candidates = matched;
                    }

                    break;
                }
            }
        }

        return candidates
            .OrderByDescending(c => c.Extensions.Count > 0 && c.Extensions[0].Equals(extension, StringComparison.OrdinalIgnoreCase))
            .ThenBy(c => data.Popular.Contains(c.Name) ? data.Popular.ToList().IndexOf(c.Name) : int.MaxValue)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .First();
    }

    /// <summary>The interpreter named on a "#!" first line, through env and without a trailing version ("python3.11" is "python3").</summary>
    internal string? Shebang(string content)
    {
        if (!content.StartsWith("#!", StringComparison.Ordinal))
        {
            return null;
        }

        var end = content.IndexOf('\n', StringComparison.Ordinal);
        var line = (end < 0 ? content[2..] : content[2..end]).Trim();
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var script = words[0][(words[0].LastIndexOf('/') + 1)..];
        if (script == "env")
        {
            script = words.Skip(1).FirstOrDefault(w => !w.StartsWith('-') && !w.Contains('=', StringComparison.Ordinal)) ?? "";
        }

        if (data.ByInterpreter.ContainsKey(script))
        {
            return script;
        }

        var trimmed = script.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.');
        return data.ByInterpreter.ContainsKey(trimmed) ? trimmed : script;
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
