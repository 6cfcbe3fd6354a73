using System.Diagnostics;
using Socrates.Analysis;
using Socrates.Analysis.Reporting;
using Socrates.Analysis.Trees;

namespace Socrates.Cli;

/// <summary>`socrates analyze [PATH] [--json]`: one local folder, analysed in this process.</summary>
public static class AnalyzeCommand
{
    /// <summary>A local tool reads what the user points it at; the server's bounds protect a shared machine instead.</summary>
    private static readonly AnalysisLimits Limits = AnalysisLimits.Default with { MaxFiles = 2_000_000, MaxTotalBytes = long.MaxValue };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Terminal terminal, CancellationToken ct)
    {
        var json = false;
        var paths = new List<string>();
        var optionsEnded = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "-h" or "--help" when !optionsEnded:
                    await terminal.Out.WriteAsync(Usage.Analyze);
                    return ExitCodes.Done;
                case "--json" when !optionsEnded:
                    json = true;
                    break;
                case "--" when !optionsEnded:
                    optionsEnded = true;
                    break;
                case ['-', _, ..] when !optionsEnded:
                    return await CommandLine.BadArgumentsAsync(terminal, $"unknown option '{arg}'.", "analyze --help");
                default:
                    paths.Add(arg);
                    break;
            }
        }

        if (paths.Count > 1)
        {
            return await CommandLine.BadArgumentsAsync(terminal, "analyze takes one folder.", "analyze --help");
        }

        var target = paths.Count == 0 ? "." : paths[0];
        if (target.Contains("://", StringComparison.Ordinal))
        {
            return await CommandLine.BadArgumentsAsync(terminal,
                $"'{target}' is a URL; this tool reads local folders. Clone it first (git clone {target}), or import it through the server.",
                "analyze --help");
        }

        var root = Path.GetFullPath(target, terminal.WorkingDirectory);
        if (!Directory.Exists(root))
        {
            return await CommandLine.BadArgumentsAsync(terminal,
                File.Exists(root) ? $"'{target}' is a file; give the folder that holds it." : $"there is no folder '{target}' ({root}).",
                "analyze --help");
        }

        var progress = new AnalysisProgress();
        using var line = terminal.StderrIsTerminal ? ProgressLine.Start(terminal.Error, progress, Stopwatch.StartNew()) : null;
        RepositoryAnalysis analysis;
        try
        {
            var filter = await TreeFilter.ForFolderAsync(root, ct);
            analysis = await Task.Run(() => RepositoryAnalyzer.Default.Analyze(root, new RepositorySource(root), Limits, filter: filter, progress: progress, ct: ct), ct);
        }
        catch (Exception e) when (e is RepositoryTooLargeException or IOException or UnauthorizedAccessException)
        {
            line?.Dispose();
            await terminal.Error.WriteLineAsync($"socrates: {root} could not be analysed: {e.Message}");
            return ExitCodes.AnalysisFailed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            line?.Dispose();
            await terminal.Error.WriteLineAsync("socrates: cancelled.");
            return ExitCodes.AnalysisFailed;
        }

        line?.Dispose();
        await terminal.Out.WriteLineAsync(json ? AnalysisJson.Serialize(analysis) : AnalysisText.Describe(analysis));
        if (json)
        {
            foreach (var warning in analysis.Warnings)
            {
                await terminal.Error.WriteLineAsync("warning: " + warning);
            }
        }

        return ExitCodes.Done;
    }
}
