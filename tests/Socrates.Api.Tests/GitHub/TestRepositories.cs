using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Socrates.Api.Tests.GitHub;

/// <summary>Real repositories on disk (git init, add, commit) and the GitHub-style tarballs git archive makes of them.</summary>
public sealed class TestRepository : IDisposable
{
    private TestRepository(string root) => Root = root;

    public string Root { get; }

    public string Sha { get; private set; } = "";

    /// <summary>Writes the files, then git init and one commit.</summary>
    public static TestRepository Create(Dictionary<string, string> files, bool commit = true)
    {
        var repository = new TestRepository(Directory.CreateTempSubdirectory("socrates-testrepo-").FullName);
        foreach (var (path, content) in files)
        {
            repository.Write(path, content);
        }

        if (commit)
        {
            repository.Git("init", "-q", "-b", "main");
            repository.Git("add", "-A");
            repository.Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "Initial commit");
            repository.Sha = repository.Git("rev-parse", "HEAD").Trim();
        }

        return repository;
    }

    public void Write(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>The tarball GitHub serves: git archive of HEAD under an owner-repo-sha/ folder, gzip, commit in the pax header.</summary>
    public byte[] Tarball(string owner, string name)
    {
        var output = Path.Combine(Path.GetTempPath(), $"socrates-test-{Guid.NewGuid():N}.tar.gz");
        try
        {
            Git("archive", "--format=tar.gz", $"--prefix={owner}-{name}-{Sha[..7]}/", "-o", output, "HEAD");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    public FakeRepository AsFake(string owner, string name, bool isPrivate = false, string? token = null, string? language = null) =>
        new(owner, name, Sha, Tarball(owner, name)) { Private = isPrivate, Token = token, Language = language };

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Hand-made tarballs for what git archive would never produce: links out of the tree, ../ entries, floods.</summary>
public static class HostileTarball
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";

    public static byte[] Build(Action<TarWriter> entries, string prefix = "evil-repo-0123456/")
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = Sha }));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, prefix));
            entries(writer);
        }

        return buffer.ToArray();
    }

    public static void File(TarWriter writer, string name, string content) =>
        File(writer, name, Encoding.UTF8.GetBytes(content));

    public static void File(TarWriter writer, string name, byte[] content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });

    public static void Link(TarWriter writer, string name, string target, TarEntryType type = TarEntryType.SymbolicLink) =>
        writer.WriteEntry(new PaxTarEntry(type, name) { LinkName = target });
}
