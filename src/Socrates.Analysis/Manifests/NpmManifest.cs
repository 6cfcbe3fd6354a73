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
        return new ManifestResult(path, manager, dependencies);
    }
}
