using System.Collections.Concurrent;
using System.Text;
using Socrates.Analysis.Dependencies;
using Socrates.Analysis.Manifests;
using Socrates.Analysis.Trees;

namespace Socrates.Analysis;

/// <summary>
/// Analyses a repository tree on disk: languages by bytes as Linguist counts them, manifests and the
/// frameworks they declare, tests, CI, containers, licence and README. Symbolic links are never followed
/// and the .git folder is skipped. Pure: reads files, writes nothing, so the CLI and the API share it.
/// </summary>
public sealed class RepositoryAnalyzer(LanguageDetector detector, FrameworkRules frameworks)
{
    private const int HeadBytes = 8 * 1024;

    /// <summary>Linguist's heuristics look at the first 50 KB of a file; so do these.</summary>
    private const int HeuristicsBytes = 50 * 1024;
    private const int MaxManifestBytes = 2 * 1024 * 1024;
    private const int MaxLockBytes = 32 * 1024 * 1024;

    public static readonly RepositoryAnalyzer Default = new(LanguageDetector.Default, FrameworkRules.Default);

    /// <param name="root">The tree's root folder.</param>
    /// <param name="source">What to report as its origin.</param>
    /// <param name="realSizes">Sizes to use instead of the files' on disk (an extraction that kept only each file's head).</param>
    /// <param name="filter">When given, what of a local folder to read (its tracked files, or not what it ignores).</param>
    /// <param name="progress">Advanced as files are listed and read, for a caller that shows progress.</param>
    public RepositoryAnalysis Analyze(
        string root,
        RepositorySource source,
        AnalysisLimits limits,
        IReadOnlyDictionary<string, long>? realSizes = null,
        TreeFilter? filter = null,
        AnalysisProgress? progress = null,
        CancellationToken ct = default)
    {
        var files = ListFiles(root, limits, realSizes, filter, progress, ct);
        var attributes = ReadGitAttributes(root, files);
        var warnings = new List<string>();

        var perFile = new ConcurrentBag<FileVerdict>();
        Parallel.ForEach(
            files,
            new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            file =>
            {
                perFile.Add(Classify(root, file, attributes, limits));
                progress?.Classified();
            });

        var verdicts = perFile.ToList();
        var counted = verdicts.Where(v => v.Counted).ToList();
        var countedBytes = counted.Sum(v => v.Size);
        var languages = counted
            // Linguist reports a language under its group (TSX under TypeScript).
            .GroupBy(v => v.Language!.Group is { } g && detector.Data.Languages.TryGetValue(g, out var parent) ? parent : v.Language!)
            .Select(g => new LanguageShare(
                g.Key.Name,
                g.Key.Type,
                g.Sum(v => v.Size),
                countedBytes == 0 ? 0 : Math.Round(100.0 * g.Sum(v => v.Size) / countedBytes, 2),
                g.Count()))
            .OrderByDescending(l => l.Bytes).ThenBy(l => l.Name, StringComparer.Ordinal)
            .ToList();

        var (manifests, workspaces) = ReadManifests(root, files, verdicts, warnings);
        var dependencies = manifests.SelectMany(m => m.Dependencies).ToList();
        var detected = frameworks.Detect(dependencies).Concat(ClassifiedFrameworks.Detect(dependencies, frameworks)).ToList();

        var packageManagers = manifests.Select(m => m.PackageManager)
            .Concat(files.Select(f => RepositoryLayout.LockFileManager(f.Path)).OfType<string>())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var testDirectories = files.Select(f => RepositoryLayout.TestDirectory(f.Path)).OfType<string>()
            .Where(d => !IsExcluded(d + "/", attributes))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(50).ToList();
        var testFiles = files.Count(f => RepositoryLayout.IsTestFile(f.Path) && !IsExcluded(f.Path, attributes));
        var testFrameworks = detected.Where(f => f.Category == "testing").Select(f => f.Name).ToList();

        var ci = files.Select(f => (f.Path, System: RepositoryLayout.CiSystem(f.Path)))
            .Where(x => x.System is not null)
            .GroupBy(x => x.System!)
            .Select(g => new CiFound(g.Key, g.Select(x => x.Path).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        var notVendored = files.Where(f => !IsVendored(f.Path, attributes)).ToList();
        var containers = new ContainersFound(
            notVendored.Where(f => RepositoryLayout.IsDockerfile(f.Path)).Select(f => f.Path).Order(StringComparer.Ordinal).ToList(),
            notVendored.Where(f => RepositoryLayout.IsComposeFile(f.Path)).Select(f => f.Path).Order(StringComparer.Ordinal).ToList(),
            notVendored.Where(f => RepositoryLayout.IsHelmChart(f.Path) || RepositoryLayout.IsKubernetesManifest(f.Path)).Select(f => f.Path).Order(StringComparer.Ordinal).Take(20).ToList());

        var licenses = FindLicenses(root, files, manifests, warnings);
        var readme = FindReadme(root, files, limits);
        var description = readme is null ? null : ReadmeDescription.FirstParagraph(readme.Content);

        var analysis = new RepositoryAnalysis(
            source,
            new FileCounts(
                files.Count,
                files.Sum(f => f.Size),
                counted.Count,
                countedBytes,
                verdicts.Count(v => v.Exclusion == Exclusion.Vendored),
                verdicts.Count(v => v.Exclusion == Exclusion.Generated),
                verdicts.Count(v => v.Exclusion == Exclusion.Documentation),
                verdicts.Count(v => v.Exclusion == Exclusion.Binary)),
            languages,
            languages.FirstOrDefault()?.Name,
            detected,
            manifests.Select(m => new ManifestSummary(m.File, m.PackageManager, m.Dependencies, m.Error)
            {
                DeclaredLicense = m.DeclaredLicense,
                Workspace = Workspaces.Containing(workspaces, m.File)?.File,
            }).ToList(),
            packageManagers,
            new TestsFound(testDirectories.Count > 0 || testFiles > 0, testDirectories, testFiles, testFrameworks),
            ci,
            containers,
            // The licence file speaks for the whole tree; without one, the root-most manifest's field does.
            licenses.FirstOrDefault(l => l.Source == "file" && l.SpdxId is not null) ?? licenses.FirstOrDefault(l => l.SpdxId is not null) ?? licenses.FirstOrDefault(),
            description,
            [],
            warnings)
        {
            Readme = readme,
            Dependencies = dependencies,
            Workspaces = workspaces,
            Licenses = licenses,
        };
        return analysis with { Specifications = SpecificationDeriver.Derive(analysis) };
    }

    private static List<TreeFile> ListFiles(
        string root, AnalysisLimits limits, IReadOnlyDictionary<string, long>? realSizes, TreeFilter? filter, AnalysisProgress? progress, CancellationToken ct)
    {
        var files = new List<TreeFile>();
        long total = 0;
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((new DirectoryInfo(root), ""));
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var (directory, relative) = pending.Pop();
            foreach (var entry in directory.EnumerateFileSystemInfos("*", options))
            {
                // Never follow a link: it may point anywhere on this machine.
                if (entry.LinkTarget is not null || entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    continue;
                }

                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo sub)
                {
                    if (entry.Name != ".git" && filter?.IncludesDirectory(path) != false)
                    {
                        pending.Push((sub, path));
                    }

                    continue;
                }

                if (filter?.IncludesFile(path) == false)
                {
                    continue;
                }

                var size = realSizes is not null && realSizes.TryGetValue(path, out var real) ? real : ((FileInfo)entry).Length;
                files.Add(new TreeFile(path, size));
                progress?.Listed();
                total += size;
                if (files.Count > limits.MaxFiles)
                {
                    throw RepositoryTooLargeException.Files(limits.MaxFiles);
                }

                if (total > limits.MaxTotalBytes)
                {
                    throw RepositoryTooLargeException.Bytes(limits.MaxTotalBytes);
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static GitAttributes ReadGitAttributes(string root, List<TreeFile> files)
    {
        var attributes = new GitAttributes();
        // Shallower files first, so a deeper .gitattributes overrides its parent's lines.
        foreach (var file in files.Where(f => f.Path == ".gitattributes" || f.Path.EndsWith("/.gitattributes", StringComparison.Ordinal))
                     .OrderBy(f => f.Path.Count(c => c == '/')))
        {
            var directory = file.Path.Contains('/', StringComparison.Ordinal) ? file.Path[..file.Path.LastIndexOf('/')] : "";
            attributes.Add(directory, ReadText(root, file.Path, 256 * 1024));
        }

        return attributes;
    }

    private FileVerdict Classify(string root, TreeFile file, GitAttributes attributes, AnalysisLimits limits)
    {
        var path = file.Path;
        var vendored = attributes.GetFlag(path, "linguist-vendored") ?? detector.Data.Vendor.IsMatch(path);
        var documentation = attributes.GetFlag(path, "linguist-documentation") ?? detector.Data.Documentation.IsMatch(path);
        var generatedAttribute = attributes.GetFlag(path, "linguist-generated");
        var generated = generatedAttribute ?? GeneratedFiles.IsGeneratedPath(path);

        if (vendored)
        {
            return new FileVerdict(path, file.Size, null, Exclusion.Vendored);
        }

        if (documentation)
        {
            return new FileVerdict(path, file.Size, null, Exclusion.Documentation);
        }

        if (generated)
        {
            return new FileVerdict(path, file.Size, null, Exclusion.Generated);
        }

        var readBytes = Math.Min(detector.NeedsContent(path) ? HeuristicsBytes : HeadBytes, limits.MaxFileBytes);
        var bytes = ReadHead(Path.Combine(root, path), readBytes);
        if (IsBinary(bytes))
        {
            return new FileVerdict(path, file.Size, null, Exclusion.Binary);
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (generatedAttribute is null && GeneratedFiles.IsGeneratedContent(path, text))
        {
            return new FileVerdict(path, file.Size, null, Exclusion.Generated);
        }

        var overridden = attributes.Get(path, "linguist-language") is { } name && detector.Data.ByName.TryGetValue(name.Replace('_', ' '), out var forced)
            ? forced
            : null;
        var language = overridden ?? detector.Detect(path, text);
        var detectable = attributes.GetFlag(path, "linguist-detectable");
        var counted = language is not null && (detectable ?? language.Counted);
        return new FileVerdict(path, file.Size, language, counted ? Exclusion.None : Exclusion.NotCounted);
    }

    private bool IsExcluded(string path, GitAttributes attributes) =>
        IsVendored(path, attributes) || (attributes.GetFlag(path, "linguist-generated") ?? GeneratedFiles.IsGeneratedPath(path));

    private bool IsVendored(string path, GitAttributes attributes) =>
        attributes.GetFlag(path, "linguist-vendored") ?? detector.Data.Vendor.IsMatch(path);

    private static (List<ManifestResult> Manifests, List<Workspace> Workspaces) ReadManifests(
        string root, List<TreeFile> files, List<FileVerdict> verdicts, List<string> warnings)
    {
        var vendored = verdicts.Where(v => v.Exclusion == Exclusion.Vendored).Select(v => v.Path).ToHashSet(StringComparer.Ordinal);
        var manifests = new List<ManifestResult>();
        var locks = new List<LockFile>();
        var workspaces = new List<Workspace>();
        foreach (var file in files.Where(f => !vendored.Contains(f.Path)))
        {
            var isManifest = ManifestReader.IsManifest(file.Path);
            var isLock = LockFiles.IsLockFile(file.Path);
            var isWorkspace = Workspaces.IsWorkspaceFile(file.Path);
            if (!isManifest && !isLock && !isWorkspace)
            {
                continue;
            }

            if (file.Size > MaxManifestBytes && !isLock)
            {
                warnings.Add($"{file.Path} is larger than {MaxManifestBytes:N0} bytes and was not read.");
                continue;
            }

            // A lock file of a large project runs to megabytes; its versions are worth reading whole.
            var content = ReadText(root, file.Path, isLock ? MaxLockBytes : MaxManifestBytes);
            if (isManifest)
            {
                var result = ManifestReader.Read(file.Path, content);
                if (result.Error is not null)
                {
                    warnings.Add(result.Error);
                }

                manifests.Add(result);
            }

            if (isLock && LockFiles.Read(file.Path, content) is { } lockFile)
            {
                locks.Add(lockFile);
            }

            if (isWorkspace && Workspaces.Read(file.Path, content) is { } workspace)
            {
                workspaces.Add(workspace);
            }
        }

        return (DependencyFacts.Resolve(manifests, locks, PackageRoles.Default).ToList(), workspaces);
    }

    private static List<LicenseFound> FindLicenses(string root, List<TreeFile> files, List<ManifestResult> manifests, List<string> warnings)
    {
        var licenses = new List<LicenseFound>();
        var candidates = files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal) && LicenseDetector.IsLicenseFile(f.Path)).ToList();
        var identified = candidates
            .Select(f => (File: f, Found: LicenseDetector.Identify(ReadText(root, f.Path, 256 * 1024))))
            .FirstOrDefault(x => x.Found is not null);
        if (identified.Found is { } found)
        {
            licenses.Add(new LicenseFound(found.Spdx, identified.File.Path, found.Confidence));
        }
        else if (candidates.Count > 0)
        {
            licenses.Add(new LicenseFound(null, candidates[0].Path, 0.3));
        }

        var fileSpdx = licenses.FirstOrDefault()?.SpdxId;
        // Root-most first: the repository's own manifest before its packages'.
        foreach (var manifest in manifests.Where(m => m.DeclaredLicense is not null).OrderBy(m => m.File.Count(c => c == '/')).ThenBy(m => m.File, StringComparer.Ordinal))
        {
            var spdx = LicenseNames.ToSpdx(manifest.DeclaredLicense!);
            licenses.Add(new LicenseFound(spdx, manifest.File, spdx is null ? 0.5 : 0.9) { Source = "manifest", Declared = manifest.DeclaredLicense });
            if (fileSpdx is not null && spdx is not null && !LicenseNames.Agrees(spdx, fileSpdx))
            {
                warnings.Add($"{manifest.File} declares the licence {spdx}, but {licenses[0].File} is {fileSpdx}.");
            }
        }

        return licenses;
    }

    private static ReadmeFile? FindReadme(string root, List<TreeFile> files, AnalysisLimits limits)
    {
        var readme = files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal) && ReadmeDescription.IsReadme(f.Path))
            .OrderBy(f => f.Path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .FirstOrDefault();
        return readme is null ? null : new ReadmeFile(readme.Path, ReadText(root, readme.Path, limits.MaxFileBytes));
    }

    private static string ReadText(string root, string path, int maxBytes) =>
        Encoding.UTF8.GetString(ReadHead(Path.Combine(root, path), maxBytes)).TrimStart('\uFEFF');

    private static byte[] ReadHead(string fullPath, int maxBytes)
    {
        using var stream = new FileStream(fullPath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0 });
        var length = (int)Math.Min(maxBytes, stream.Length);
        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        return read == length ? buffer : buffer[..read];
    }

    /// <summary>Git's rule: a NUL byte in the first 8,000 bytes makes a file binary.</summary>
    private static bool IsBinary(byte[] bytes) => bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0);

    private sealed record TreeFile(string Path, long Size);

    private enum Exclusion
    {
        None,
        Vendored,
        Generated,
        Documentation,
        Binary,
        NotCounted,
    }

    private sealed record FileVerdict(string Path, long Size, LanguageInfo? Language, Exclusion Exclusion)
    {
        public bool Counted => Exclusion == Exclusion.None;
    }
}
