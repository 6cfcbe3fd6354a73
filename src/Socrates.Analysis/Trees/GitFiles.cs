using System.ComponentModel;
using System.Diagnostics;

namespace Socrates.Analysis.Trees;

/// <summary>Asks git for a work tree's files; null when the folder is in no work tree or git is missing.</summary>
internal static class GitFiles
{
    public static async Task<IReadOnlyList<string>?> ListAsync(string root, CancellationToken ct)
    {
        if (!InWorkTree(root))
        {
            return null;
        }

        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var errors = process.StandardError.ReadToEndAsync(ct);
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await errors;
            return process.ExitCode == 0 ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries) : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A .git folder or file (a linked work tree) here or in a parent: only then is git worth starting.</summary>
    private static bool InWorkTree(string root)
    {
        for (var directory = new DirectoryInfo(root); directory is not null; directory = directory.Parent)
        {
            var git = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return true;
            }
        }

        return false;
    }
}
