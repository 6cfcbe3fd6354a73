using Microsoft.EntityFrameworkCore;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Files;

/// <summary>
/// A project's files become one folder tree (the code zip, a checkout), where "a" cannot be a file and a folder at
/// once: a path that would make it both is refused, against the stored files and the others written with it.
/// </summary>
public static class PathClash
{
    /// <summary>The first incoming path that is a file where another path needs a folder, or the reverse; null if none.</summary>
    public static (string Path, string Other)? Find(IEnumerable<string> existing, IReadOnlyList<string> incoming)
    {
        var files = new HashSet<string>(existing, StringComparer.Ordinal);
        files.UnionWith(incoming);

        // Every folder some path needs, with one path that needs it.
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                folders.TryAdd(path[..slash], path);
            }
        }

        foreach (var path in incoming)
        {
            if (folders.TryGetValue(path, out var inside))
            {
                return (path, inside);
            }

            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                if (files.Contains(path[..slash]))
                {
                    return (path, path[..slash]);
                }
            }
        }

        return null;
    }

    /// <exception cref="ProblemException">409 naming the path and the one it clashes with.</exception>
    public static void Check(IEnumerable<string> existing, IReadOnlyList<string> incoming)
    {
        if (Find(existing, incoming) is { } clash)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "File and folder clash",
                $"'{clash.Path}' clashes with '{clash.Other}': one is a file where the other needs a folder of the same name, " +
                "which no file system can hold (the code zip would not extract). Rename or delete one of them; nothing was saved.",
                new Dictionary<string, object?> { ["path"] = clash.Path, ["clashes_with"] = clash.Other });
        }
    }

    /// <summary>
    /// Must run inside the transaction that writes the files. Its first statement writes the project row (its
    /// UpdatedAt), which holds that row's lock (PostgreSQL) or the database's write lock (SQLite) until the commit,
    /// so two writers cannot both pass this check before either has stored its file.
    /// </summary>
    /// <exception cref="ProblemException">409 when a path clashes with a stored file or another incoming path.</exception>
    public static async Task CheckLockedAsync(SpecsDb db, Guid projectId, IReadOnlyList<string> incoming, DateTime now, CancellationToken ct)
    {
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), ct);
        var existing = await db.Files.AsNoTracking().Where(f => f.ProjectId == projectId).Select(f => f.Path).ToListAsync(ct);
        Check(existing, incoming);
    }
}
