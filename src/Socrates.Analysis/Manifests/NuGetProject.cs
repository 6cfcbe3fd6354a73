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
        // The test SDK makes a project a test project whether or not it says IsTestProject.
        var isTestProject = document.Descendants().Any(e => e.Name.LocalName == "IsTestProject" && e.Value.Trim() == "true"
            || e.Name.LocalName == "PackageReference" && (string?)e.Attribute("Include") == "Microsoft.NET.Test.Sdk");
        var dependencies = document.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "PackageVersion" or "GlobalPackageReference")
            .Select(e => (Name: (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update"), Version: (string?)e.Attribute("Version") ?? e.Elements().FirstOrDefault(c => c.Name.LocalName == "Version")?.Value, BuildOnly: BuildOnly(e)))
            .Where(p => !string.IsNullOrWhiteSpace(p.Name))
            .Select(p => new Dependency(Ecosystems.NuGet, p.Name!.Trim(), p.Version, path, isTestProject || p.BuildOnly))
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

        var license = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "PackageLicenseExpression")?.Value.Trim();
        return new ManifestResult(path, "nuget", dependencies) { DeclaredLicense = string.IsNullOrEmpty(license) ? null : license };
    }

    /// <summary>PrivateAssets="all": an analyser, a source generator or build tooling that never flows to consumers.</summary>
    private static bool BuildOnly(XElement reference) =>
        string.Equals(((string?)reference.Attribute("PrivateAssets") ?? reference.Elements().FirstOrDefault(c => c.Name.LocalName == "PrivateAssets")?.Value)?.Trim(),
            "all", StringComparison.OrdinalIgnoreCase);
}
