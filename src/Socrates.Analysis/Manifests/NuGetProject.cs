using System.Xml.Linq;

namespace Socrates.Analysis.Manifests;

/// <summary>
/// MSBuild project files and Directory.Packages.props: PackageReference and PackageVersion items, plus the
/// project SDK (Microsoft.NET.Sdk.Web means ASP.NET Core) reported as a pseudo-package "sdk:NAME".
/// </summary>
public static class NuGetProject
{
    public static ManifestResult Parse(string path, string content)
    {
        var document = XDocument.Parse(content);
        var isTestProject = document.Descendants().Any(e => e.Name.LocalName == "IsTestProject" && e.Value.Trim() == "true");
        var dependencies = document.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "PackageVersion" or "GlobalPackageReference")
            .Select(e => (Name: (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update"), Version: (string?)e.Attribute("Version") ?? e.Elements().FirstOrDefault(c => c.Name.LocalName == "Version")?.Value))
            .Where(p => !string.IsNullOrWhiteSpace(p.Name))
            .Select(p => new Dependency(Ecosystems.NuGet, p.Name!.Trim(), p.Version, path, isTestProject))
            .ToList();

        if (document.Root is { } root && ((string?)root.Attribute("Sdk"))?.Split('/')[0].Trim() is { Length: > 0 } sdk)
        {
            dependencies.Add(new Dependency(Ecosystems.NuGet, "sdk:" + sdk, null, path, isTestProject));
        }

        foreach (var framework in document.Descendants().Where(e => e.Name.LocalName == "FrameworkReference"))
        {
            if ((string?)framework.Attribute("Include") is { } name)
            {
                dependencies.Add(new Dependency(Ecosystems.NuGet, "framework:" + name, null, path, isTestProject));
            }
        }

        return new ManifestResult(path, "nuget", dependencies);
    }
}
