using Tomlyn;
using Tomlyn.Model;

namespace Socrates.Analysis.Manifests;

/// <summary>Cargo.toml: [dependencies], [dev-dependencies], [build-dependencies] and [workspace.dependencies].</summary>
public static class CargoManifest
{
    public static ManifestResult Parse(string path, string content)
    {
        var root = Toml.Parse(content);
        var dependencies = new List<Dependency>();
        AddTable(root, "dependencies", false);
        AddTable(root, "build-dependencies", false);
        AddTable(root, "dev-dependencies", true);
        if (root.TryGetValue("workspace", out var workspace) && workspace is TomlTable ws)
        {
            AddTable(ws, "dependencies", false);
        }

        var license = root.TryGetValue("package", out var p) && p is TomlTable package && package.TryGetValue("license", out var l) ? l as string : null;
        return new ManifestResult(path, "cargo", dependencies) { DeclaredLicense = license };

        void AddTable(TomlTable table, string key, bool development)
        {
            if (table.TryGetValue(key, out var value) && value is TomlTable deps)
            {
                foreach (var (name, spec) in deps)
                {
                    var version = spec switch
                    {
                        string s => s,
                        TomlTable t when t.TryGetValue("version", out var v) => v as string,
                        _ => null,
                    };
                    var package = spec is TomlTable pt && pt.TryGetValue("package", out var renamed) && renamed is string real ? real : name;
                    dependencies.Add(new Dependency(Ecosystems.Cargo, package, version, path, development));
                }
            }
        }
    }
}
