using Socrates.Analysis.Manifests;

namespace Socrates.Analysis.Dependencies;

/// <summary>
/// Joins what the manifests declare with what the lock files resolved and the roles data: each dependency
/// gets its role, and its exact version from the nearest lock file of its ecosystem (the manifest's own
/// folder first, then its parents, where a workspace keeps one lock for all its packages).
/// </summary>
public static class DependencyFacts
{
    public static IReadOnlyList<ManifestResult> Resolve(IReadOnlyList<ManifestResult> manifests, IReadOnlyList<LockFile> locks, PackageRoles roles)
    {
        var byFolder = locks.ToLookup(l => (Folder(l.File), l.Ecosystem));
        return manifests.Select(manifest => manifest with
        {
            Dependencies = manifest.Dependencies.Select(d => Enrich(d, manifest.File, byFolder, roles)).ToList(),
        }).ToList();
    }

    private static Dependency Enrich(Dependency dependency, string manifest, ILookup<(string, string), LockFile> locks, PackageRoles roles)
    {
        var enriched = dependency with { Role = roles.RoleOf(dependency.Ecosystem, dependency.Name) };
        for (var folder = Folder(manifest); ; folder = Parent(folder))
        {
            foreach (var lockFile in locks[(folder, dependency.Ecosystem)])
            {
                if (lockFile.Versions.TryGetValue(dependency.Name, out var version))
                {
                    return enriched with { Resolved = version, LockFile = lockFile.File };
                }
            }

            if (folder.Length == 0)
            {
                return enriched;
            }
        }
    }

    private static string Folder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";

    private static string Parent(string folder) => Folder(folder);
}
