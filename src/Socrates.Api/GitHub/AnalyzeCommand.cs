using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Socrates.Api.GitHub.Analysis;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>
/// `analyze PATH_OR_URL [--json]`: what an import would extract, printed without starting the server.
/// A local folder is read in place; a URL is fetched with the same rules and bounds as the API.
/// </summary>
public static class AnalyzeCommand
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "analyze";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <returns>The process exit code: 0 analysed, 1 the repository could not be analysed, 2 usage.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var rest = args.Skip(1).ToList();
        var json = rest.Remove("--json");
        if (rest.Count != 1 || rest[0].StartsWith('-'))
        {
            await error.WriteLineAsync("usage: analyze PATH_OR_URL [--json]\n  PATH_OR_URL  a local folder, or a repository URL (https://github.com/owner/repo, owner/repo, /tree/<ref>)");
            return 2;
        }

        var target = rest[0];
        var options = LoadOptions();
        var limits = options.Limits;
        RepositoryAnalysis analysis;
        try
        {
            if (Directory.Exists(target))
            {
                var root = Path.GetFullPath(target);
                analysis = RepositoryAnalyzer.Default.Analyze(root, new RepositorySource(root), limits, onlyPaths: await TrackedFilesAsync(root, ct), ct: ct);
            }
            else
            {
                using var http = new HttpClient(RepositoryFetcher.CreateHandler(options), disposeHandler: true);
                var fetcher = new RepositoryFetcher(http, Options.Create(options));
                var url = RepositoryUrl.Parse(target, options);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(options.Timeout);
                try
                {
                    // A private repository needs a token; the command line takes it from GITHUB_TOKEN, never from the URL.
                    await using var fetched = await fetcher.FetchAsync(url, Environment.GetEnvironmentVariable("GITHUB_TOKEN"), deadline.Token);
                    analysis = RepositoryAnalyzer.Default.Analyze(fetched.Root, fetched.Source, limits, fetched.RealSizes, ct: deadline.Token);
                    analysis = analysis with { Warnings = [.. fetched.Warnings, .. analysis.Warnings] };
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw GitHubProblems.TimedOut(options.Timeout);
                }
            }
        }
        catch (ProblemException problem)
        {
            await error.WriteLineAsync($"{problem.Title}: {problem.Detail}");
            return 1;
        }

        await output.WriteLineAsync(json ? JsonSerializer.Serialize(analysis, JsonOptions) : Describe(analysis));
        return 0;
    }

    /// <summary>
    /// In a git work tree, the files git would archive (tracked or not ignored), so build output and other
    /// ignored files stay out as they would from GitHub; null (every file) elsewhere or without git.
    /// </summary>
    private static async Task<IReadOnlySet<string>?> TrackedFilesAsync(string root, CancellationToken ct)
    {
        if (!Directory.Exists(Path.Combine(root, ".git")) && !File.Exists(Path.Combine(root, ".git")))
        {
            return null;
        }

        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0 ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The GitHub section from appsettings.json and GITHUB__* variables, as the server would read it.</summary>
    private static GitHubOptions LoadOptions()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new GitHubOptions();
        configuration.GetSection(GitHubOptions.Section).Bind(options);
        return options;
    }

    private static string Describe(RepositoryAnalysis a)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"Repository: {a.Source.FullName ?? a.Source.Location}" + (a.Source.CommitSha is { } sha ? $" @ {sha}" : ""),
            string.Create(inv, $"Files: {a.Files.Total:N0} ({a.Files.TotalBytes:N0} bytes); counted {a.Files.Counted:N0}, vendored {a.Files.Vendored:N0}, generated {a.Files.Generated:N0}, documentation {a.Files.Documentation:N0}, binary {a.Files.Binary:N0}"),
            "",
            "Languages:",
        };
        lines.AddRange(a.Languages.Take(15).Select(l => string.Create(inv, $"  {l.Name,-24} {l.Percent,6:0.00}%  {l.Bytes,12:N0} bytes  {l.Files,6:N0} files")));
        lines.Add("");
        lines.Add("Frameworks and tools:");
        lines.AddRange(a.Frameworks.Select(f => string.Create(inv, $"  {f.Name,-28} {f.Category,-10} {f.Confidence:0.00}  {string.Join(", ", f.Evidence.Take(2).Select(e => $"{e.File}: {e.Dependency}"))}")));
        lines.Add("");
        lines.Add($"Package managers: {Join(a.PackageManagers)}");
        lines.Add($"Tests: {(a.Tests.HasTests ? $"{a.Tests.TestFiles} files in {Join(a.Tests.Directories.Take(5))}" : "none found")}; frameworks {Join(a.Tests.Frameworks)}");
        lines.Add($"CI: {Join(a.Ci.Select(c => c.Name))}");
        lines.Add($"Containers: {Join(a.Containers.Dockerfiles.Concat(a.Containers.ComposeFiles))}");
        lines.Add($"Licence: {(a.License is { } l2 ? $"{l2.SpdxId ?? "unrecognised"} ({l2.File})" : "none")}");
        lines.Add($"Description: {a.Description ?? "(no README paragraph)"}");
        lines.Add("");
        lines.Add("Specifications an import would create:");
        lines.AddRange(a.Specifications.Select(s => string.Create(inv, $"  [{s.Category}] {s.Key} = {Shorten(s.Value)}  ({s.Confidence:0.00})")));
        lines.AddRange(a.Warnings.Select(w => "warning: " + w));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string Shorten(string value) => value.Length <= 120 ? value : value[..117] + "...";
}
