using System.Diagnostics;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>
/// A shallow clone of an allowed non-GitHub host with the git command line: depth 1, one branch, https only,
/// no redirects, no submodules, no hooks, no LFS, links checked out as plain files, the user's git config
/// ignored, and the host pinned to the public address that was checked (so DNS cannot change between the
/// check and the connection).
/// </summary>
public sealed class GitCloner(GitHubOptions options)
{
    public async Task<string> CloneAsync(RepositoryUrl url, string destination, CancellationToken ct)
    {
        var addresses = await AddressGuard.ResolvePublicAsync(url.Host, ct);
        var pinned = addresses[0];
        var pinnedText = pinned.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{pinned}]" : pinned.ToString();
        var home = Path.Combine(Path.GetDirectoryName(destination)!, "home");
        Directory.CreateDirectory(home);

        var arguments = new List<string>
        {
            "-c", "protocol.allow=never", "-c", "protocol.https.allow=always",
            "-c", "http.followRedirects=false", "-c", "core.hooksPath=/dev/null", "-c", "core.symlinks=false",
            "-c", "submodule.recurse=false", "-c", "credential.helper=", "-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=",
            "-c", "filter.lfs.required=false", "-c", $"http.curloptResolve={url.Host}:443:{pinnedText}",
            "clone", "--depth", "1", "--single-branch", "--no-recurse-submodules", "--no-tags", "--quiet",
        };
        if (url.Ref is not null)
        {
            arguments.AddRange(["--branch", url.Ref]);
        }

        arguments.AddRange(["--", url.CloneUri.ToString(), destination]);
        await RunGitAsync(arguments, home, destination, ct);
        var sha = (await RunGitAsync(["-C", destination, "rev-parse", "HEAD"], home, null, ct)).Trim();
        return sha;
    }

    private async Task<string> RunGitAsync(IReadOnlyList<string> arguments, string home, string? watchedFolder, CancellationToken ct)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = home;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ASKPASS"] = "echo";
        start.Environment["GIT_LFS_SKIP_SMUDGE"] = "1";
        start.Environment["GIT_ALLOW_PROTOCOL"] = "https";

        using var process = Process.Start(start) ?? throw GitHubProblems.Upstream("git could not be started on this server.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            while (!process.HasExited)
            {
                await Task.WhenAny(process.WaitForExitAsync(ct), Task.Delay(250, ct));
                ct.ThrowIfCancellationRequested();
                if (watchedFolder is not null && FolderSize(watchedFolder) > options.MaxDownloadBytes)
                {
                    throw GitHubProblems.TooManyBytes(options.MaxDownloadBytes, "clone");
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        if (process.ExitCode != 0)
        {
            var message = (await stderr).Trim();
            throw new ProblemException(StatusCodes.Status502BadGateway, "Clone failed",
                $"git could not clone the repository: {(message.Length > 500 ? message[..500] : message)}");
        }

        return await stdout;
    }

    private static long FolderSize(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        try
        {
            return new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
