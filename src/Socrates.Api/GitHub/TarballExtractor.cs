using System.Formats.Tar;
using System.IO.Compression;
using Socrates.Analysis;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>
/// Unpacks a GitHub tarball (gzip) into a folder, treating it as hostile: links are never created, entries
/// that would land outside the folder are dropped, and the archive's file count, unpacked size and download
/// size are bounded. Only the first MaxFileBytes of each file are written; the real sizes are returned.
/// </summary>
public sealed class TarballExtractor(GitHubOptions options)
{
    public async Task<ExtractedTree> ExtractAsync(Stream gzip, string destination, CancellationToken ct)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var warnings = new List<string>();
        string? commit = null;
        long unpacked = 0;
        int droppedLinks = 0, droppedEscaping = 0, truncated = 0;

        await using var limited = new BoundedReadStream(
            gzip, options.MaxDownloadBytes, () => GitHubProblems.TooManyBytes(options.MaxDownloadBytes, "download"));
        await using var decompressed = new GZipStream(limited, CompressionMode.Decompress);
        await using var reader = new TarReader(decompressed);
        var buffer = new byte[81920];
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry is PaxGlobalExtendedAttributesTarEntry global)
            {
                // git archive records the commit as the global header's comment.
                if (global.GlobalExtendedAttributes.TryGetValue("comment", out var comment) && comment.Length == 40)
                {
                    commit = comment;
                }

                continue;
            }

            var relative = Relative(entry.Name);
            if (relative is null)
            {
                continue;
            }

            if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
            {
                droppedLinks++;
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root, StringComparison.Ordinal) || relative.Split('/').Any(s => s is ".." or "."))
            {
                droppedEscaping++;
                continue;
            }

            if (entry.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(target);
                continue;
            }

            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
            {
                continue;
            }

            if (sizes.Count >= options.MaxFiles)
            {
                throw GitHubProblems.TooManyFiles(options.MaxFiles);
            }

            unpacked += entry.Length;
            if (unpacked > options.MaxUnpackedBytes)
            {
                throw GitHubProblems.TooManyBytes(options.MaxUnpackedBytes, "unpacked content");
            }

            if (PathEscapesThroughExistingLink(root, target))
            {
                droppedEscaping++;
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var keep = (int)Math.Min(entry.Length, options.MaxFileBytes);
            if (keep < entry.Length)
            {
                truncated++;
            }

            await using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                if (entry.DataStream is { } data)
                {
                    var remaining = keep;
                    while (remaining > 0)
                    {
                        var read = await data.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), ct);
                        if (read == 0)
                        {
                            break;
                        }

                        await file.WriteAsync(buffer.AsMemory(0, read), ct);
                        remaining -= read;
                    }
                }
            }

            sizes[relative] = entry.Length;
        }

        if (droppedLinks > 0)
        {
            warnings.Add($"{droppedLinks} symbolic or hard link(s) were not followed or created.");
        }

        if (droppedEscaping > 0)
        {
            warnings.Add($"{droppedEscaping} archive entr(y/ies) pointing outside the repository folder were dropped.");
        }

        if (truncated > 0)
        {
            warnings.Add($"{truncated} file(s) larger than {options.MaxFileBytes:N0} bytes were read only in part; their full sizes still count.");
        }

        return new ExtractedTree(destination, sizes, commit, warnings);
    }

    /// <summary>The entry's path without GitHub's "owner-repo-sha/" top folder, '/'-separated; null for the top folder itself.</summary>
    private static string? Relative(string name)
    {
        var normalized = name.Replace('\\', '/');
        var slash = normalized.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var rest = normalized[(slash + 1)..].Trim('/');
        return rest.Length == 0 || rest.Contains('\0', StringComparison.Ordinal) ? null : rest;
    }

    /// <summary>Links are never created here, but a folder on the way must not be one (defence in depth).</summary>
    private static bool PathEscapesThroughExistingLink(string root, string target)
    {
        for (var directory = Path.GetDirectoryName(target); directory is not null && directory.Length >= root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(directory) && new DirectoryInfo(directory).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An unpacked tree: its folder, each file's real size, the commit the archive records, and what was dropped.</summary>
public sealed record ExtractedTree(string Root, IReadOnlyDictionary<string, long> RealSizes, string? CommitSha, IReadOnlyList<string> Warnings);
