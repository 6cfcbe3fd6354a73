using System.Text.Json;

namespace Socrates.Analysis.Manifests;

/// <summary>package.json: dependencies, devDependencies, peerDependencies and optionalDependencies; yarn/pnpm from packageManager.</summary>
public static class NpmManifest
{
    public static ManifestResult Parse(string path, string content)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var dependencies = new List<Dependency>();
        foreach (var (section, development) in new[] { ("dependencies", false), ("peerDependencies", false), ("optionalDependencies", false), ("devDependencies", true) })
        {
            if (root.TryGetProperty(section, out var deps) && deps.ValueKind == JsonValueKind.Object)
            {
                dependencies.AddRange(deps.EnumerateObject().Select(d =>
                    new Dependency(Ecosystems.Npm, d.Name, d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() : null, path, development)));
            }
        }

        var manager = root.TryGetProperty("packageManager", out var pm) && pm.ValueKind == JsonValueKind.String
            ? pm.GetString()!.Split('@')[0]
            : "npm";
        return new ManifestResult(path, manager, dependencies) { DeclaredLicense = License(root) };
    }

    /// <summary>"license": "MIT", or the deprecated { "type": "MIT" } and "licenses": [{ "type": ... }].</summary>
    internal static string? License(JsonElement root)
    {
        if (root.TryGetProperty("license", out var license))
        {
            return license.ValueKind switch
            {
                JsonValueKind.String => license.GetString(),
                JsonValueKind.Object when license.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String => type.GetString(),
                _ => null,
            };
        }

        return root.TryGetProperty("licenses", out var licenses) && licenses.ValueKind == JsonValueKind.Array
            ? string.Join(" OR ", licenses.EnumerateArray()
                .Select(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("type", out var t) ? t.GetString() : l.ValueKind == JsonValueKind.String ? l.GetString() : null)
                .OfType<string>()) is { Length: > 0 } joined ? joined : null
            : null;
    }
}
