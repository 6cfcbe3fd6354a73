using System.Text.Json;

namespace Socrates.Analysis.Manifests;

/// <summary>composer.json: require and require-dev, without the php and ext-* platform entries.</summary>
public static class ComposerManifest
{
    public static ManifestResult Parse(string path, string content)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true });
        var dependencies = new List<Dependency>();
        foreach (var (section, development) in new[] { ("require", false), ("require-dev", true) })
        {
            if (document.RootElement.TryGetProperty(section, out var deps) && deps.ValueKind == JsonValueKind.Object)
            {
                dependencies.AddRange(deps.EnumerateObject()
                    .Where(d => d.Name.Contains('/', StringComparison.Ordinal))
                    .Select(d => new Dependency(Ecosystems.Packagist, d.Name.ToLowerInvariant(),
                        d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() : null, path, development)));
            }
        }

        // "license" is an SPDX id or an array of them, meaning the user may choose (OR).
        var license = document.RootElement.TryGetProperty("license", out var l) ? l.ValueKind switch
        {
            JsonValueKind.String => l.GetString(),
            JsonValueKind.Array => string.Join(" OR ", l.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())),
            _ => null,
        } : null;
        return new ManifestResult(path, "composer", dependencies) { DeclaredLicense = string.IsNullOrEmpty(license) ? null : license };
    }
}
