using System.Xml.Linq;

namespace Socrates.Analysis.Manifests;

/// <summary>pom.xml: dependencies (test scope marked), dependencyManagement and build plugins, as groupId:artifactId.</summary>
public static class MavenPom
{
    public static ManifestResult Parse(string path, string content)
    {
        var document = XDocument.Parse(content);
        var dependencies = document.Descendants()
            .Where(e => e.Name.LocalName is "dependency" or "plugin" && !InDependencyManagement(e))
            .Select(e => (Group: Child(e, "groupId"), Artifact: Child(e, "artifactId"), Version: Child(e, "version"), Scope: Child(e, "scope")))
            .Where(d => d.Artifact is not null)
            .Select(d => new Dependency(Ecosystems.Maven, $"{d.Group ?? "org.apache.maven.plugins"}:{d.Artifact}", d.Version, path, d.Scope == "test"))
            .ToList();
        if (document.Root is { } root && Child(root, "parent") is not null)
        {
            var parent = root.Elements().First(e => e.Name.LocalName == "parent");
            dependencies.Add(new Dependency(Ecosystems.Maven, $"{Child(parent, "groupId")}:{Child(parent, "artifactId")}", Child(parent, "version"), path));
        }

        var license = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "license" && e.Parent?.Name.LocalName == "licenses") is { } l
            ? Child(l, "name")
            : null;
        return new ManifestResult(path, "maven", dependencies) { DeclaredLicense = license };
    }

    /// <summary>dependencyManagement pins versions for modules; it declares no dependency of this project.</summary>
    private static bool InDependencyManagement(XElement e) =>
        e.Ancestors().Any(a => a.Name.LocalName is "dependencyManagement" or "pluginManagement");

    private static string? Child(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
}
