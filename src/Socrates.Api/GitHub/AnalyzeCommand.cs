using System.Globalization;
using Microsoft.Extensions.Options;
using Socrates.Analysis;
using Socrates.Analysis.Reporting;
using Socrates.Analysis.Trees;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>
/// `analyze PATH_OR_URL [--json]`: what an import would extract, printed without starting the server.
/// A local folder is read in place; a URL is fetched with the same rules and bounds as the API. For local
/// folders the standalone tool (src/Socrates.Cli, `socrates analyze PATH`) starts faster and needs no server settings.
/// </summary>
public static class AnalyzeCommand
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "analyze";

    /// <returns>The process exit code: 0 analysed, 1 the repository could not be analysed, 2 usage.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var rest = args.Skip(1).ToList();
        var json = rest.Remove("--json");
        if (rest.Count != 1 || rest[0].StartsWith('-'))
        {
            await error.WriteLineAsync("usage: analyze PATH_OR_URL [--json]\n  PATH_OR_URL  a local folder, or a repository URL (https://github.com/owner/repo, owner/repo, /tree/<ref>)\n  for a local folder, the standalone tool starts faster: dotnet run --project src/Socrates.Cli -- analyze PATH");
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
                analysis = RepositoryAnalyzer.Default.Analyze(root, new RepositorySource(root), limits, filter: await TreeFilter.ForFolderAsync(root, ct), ct: ct);
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
        catch (RepositoryTooLargeException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (ProblemException problem)
        {
            await error.WriteLineAsync($"{problem.Title}: {problem.Detail}");
            return 1;
        }

        await output.WriteLineAsync(json ? AnalysisJson.Serialize(analysis) : AnalysisText.Describe(analysis));
        return 0;
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
}
