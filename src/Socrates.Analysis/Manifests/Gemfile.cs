using System.Text.RegularExpressions;

namespace Socrates.Analysis.Manifests;

/// <summary>Gemfile: gem declarations, with the ones inside group :development/:test blocks (or group: options) marked as development.</summary>
public static partial class Gemfile
{
    public static ManifestResult Parse(string path, string content)
    {
        var dependencies = new List<Dependency>();
        var groupStack = new Stack<bool>();
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (GroupBlock().Match(line) is { Success: true } group)
            {
                groupStack.Push(IsDevelopment(group.Groups["groups"].Value));
                continue;
            }

            if (BlockStart().IsMatch(line))
            {
                groupStack.Push(groupStack.Count > 0 && groupStack.Peek());
                continue;
            }

            if (line == "end" && groupStack.Count > 0)
            {
                groupStack.Pop();
                continue;
            }

            if (Gem().Match(line) is { Success: true } gem)
            {
                var options = gem.Groups["rest"].Value;
                var development = groupStack.Count > 0 && groupStack.Peek()
                    || InlineGroup().Match(options) is { Success: true } inline && IsDevelopment(inline.Value);
                var version = gem.Groups["version"].Success ? gem.Groups["version"].Value : null;
                dependencies.Add(new Dependency(Ecosystems.RubyGems, gem.Groups["name"].Value, version, path, development));
            }
        }

        return new ManifestResult(path, "bundler", dependencies);
    }

    private static bool IsDevelopment(string groups) =>
        !groups.Contains("production", StringComparison.Ordinal) && (groups.Contains("test", StringComparison.Ordinal) || groups.Contains("development", StringComparison.Ordinal));

    [GeneratedRegex("""^gem\s*\(?\s*["'](?<name>[\w.\-]+)["'](?:\s*,\s*["'](?<version>[^"']+)["'])?(?<rest>.*)$""")]
    private static partial Regex Gem();

    [GeneratedRegex("""^group\s*\(?(?<groups>[^)]*?)\)?\s*do\b""")]
    private static partial Regex GroupBlock();

    [GeneratedRegex("""\b(?:do|do\s*\|.*\|)\s*$""")]
    private static partial Regex BlockStart();

    [GeneratedRegex("""(?:group|groups)\s*(?::|=>)\s*(?:\[[^\]]*\]|:\w+)""")]
    private static partial Regex InlineGroup();
}
