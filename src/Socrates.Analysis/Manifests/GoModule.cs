namespace Socrates.Analysis.Manifests;

/// <summary>go.mod: the require directives, single-line and in blocks; "// indirect" ones are kept but marked as not direct.</summary>
public static class GoModule
{
    public static ManifestResult Parse(string path, string content)
    {
        var dependencies = new List<Dependency>();
        var inRequire = false;
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.Trim();
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            var indirect = comment >= 0 && line[comment..].Contains("indirect", StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment].Trim();
            }

            if (inRequire)
            {
                if (line == ")")
                {
                    inRequire = false;
                }
                else if (line.Length > 0)
                {
                    Add(line, indirect);
                }
            }
            else if (line.StartsWith("require (", StringComparison.Ordinal) || line == "require(")
            {
                inRequire = true;
            }
            else if (line.StartsWith("require ", StringComparison.Ordinal))
            {
                Add(line["require ".Length..].Trim(), indirect);
            }
        }

        return new ManifestResult(path, "go modules", dependencies);

        void Add(string spec, bool indirect)
        {
            var parts = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1)
            {
                dependencies.Add(new Dependency(Ecosystems.Go, parts[0], parts.Length > 1 ? parts[1] : null, path, Development: indirect));
            }
        }
    }
}
