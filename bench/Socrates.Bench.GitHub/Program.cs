using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Socrates.Analysis;

// Socrates' repository analysis against GitHub Linguist on one tree, in one run: wall-clock time of each
// (Linguist's CLI against Socrates' CLI, both cold processes, and Socrates in-process) and the top-3
// language shares side by side.
//
// usage: dotnet run -c Release --project bench/Socrates.Bench.GitHub [-- TREE] [--socrates-only]
// Without TREE a git repository of >= 5,000 files is assembled in /tmp from source trees this machine has
// (Python's and Ruby's standard libraries, Perl modules, C and C++ headers). Needs github-linguist
// (apt-get install ruby-github-linguist) and git.

var inv = CultureInfo.InvariantCulture;
var skipLinguist = args.Contains("--socrates-only");
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var tree = positional.Count > 0 ? Path.GetFullPath(positional[0]) : BuildDefaultTree();
var tracked = Run("git", ["-C", tree, "ls-files", "-z"]).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
Console.WriteLine($"Tree: {tree}, {tracked.Count:N0} tracked files");
if (tracked.Count < 5000)
{
    Console.Error.WriteLine("The tree has fewer than 5,000 files; the benchmark wants at least that many.");
    return 1;
}

var limits = AnalysisLimits.Default with { MaxFiles = 1_000_000, MaxTotalBytes = long.MaxValue };
var source = new RepositorySource(tree);

// Cold: the first analysis in this process pays for loading Linguist's tables and compiling regexes.
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var cold = Stopwatch.StartNew();
var analysis = RepositoryAnalyzer.Default.Analyze(tree, source, limits, filter: new Socrates.Analysis.Trees.TrackedFiles(tracked));
cold.Stop();
var coldCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
var warmRuns = Enumerable.Range(0, 3).Select(_ =>
{
    var watch = Stopwatch.StartNew();
    RepositoryAnalyzer.Default.Analyze(tree, source, limits, filter: new Socrates.Analysis.Trees.TrackedFiles(tracked));
    return watch.Elapsed.TotalSeconds;
}).Order().ToList();
var warm = warmRuns[1];

Console.WriteLine(string.Create(inv, $"Socrates in-process: first run {cold.Elapsed.TotalSeconds:0.00} s, warm runs {string.Join(" / ", warmRuns.Select(r => r.ToString("0.00", inv)))} s"));
if (skipLinguist)
{
    return 0;
}

var socratesDll = Path.Combine(AppContext.BaseDirectory, "Socrates.Api.dll");
var cliWatch = Stopwatch.StartNew();
var (_, cliCpu) = RunTimed("dotnet", [socratesDll, "analyze", tree, "--json"]);
cliWatch.Stop();

var linguistWatch = Stopwatch.StartNew();
var (linguistJson, linguistCpu) = RunTimed("github-linguist", [tree, "--json"]);
linguistWatch.Stop();
var linguist = JsonSerializer.Deserialize<Dictionary<string, LinguistEntry>>(linguistJson)!;
var linguistTotal = linguist.Values.Sum(v => v.Size);

// Wall clock is what a user waits; CPU seconds (user + system) are steadier on a shared machine.
Console.WriteLine();
Console.WriteLine("                                       wall    ratio      CPU    ratio");
Console.WriteLine(string.Create(inv, $"github-linguist (CLI)              {linguistWatch.Elapsed.TotalSeconds,8:0.00} s          {linguistCpu,8:0.00} s"));
Console.WriteLine(string.Create(inv, $"Socrates analyze (CLI, cold)       {cliWatch.Elapsed.TotalSeconds,8:0.00} s {linguistWatch.Elapsed / cliWatch.Elapsed,6:0.0}x  {cliCpu,8:0.00} s {linguistCpu / cliCpu,6:0.0}x"));
Console.WriteLine(string.Create(inv, $"Socrates in-process, first run     {cold.Elapsed.TotalSeconds,8:0.00} s {linguistWatch.Elapsed.TotalSeconds / cold.Elapsed.TotalSeconds,6:0.0}x  {coldCpu,8:0.00} s {linguistCpu / coldCpu,6:0.0}x"));
Console.WriteLine(string.Create(inv, $"Socrates in-process, warm (median) {warm,8:0.00} s {linguistWatch.Elapsed.TotalSeconds / warm,6:0.0}x"));
Console.WriteLine();
Console.WriteLine("Top languages by Linguist     Linguist   Socrates   difference");
var worst = 0.0;
foreach (var (name, entry) in linguist.OrderByDescending(l => l.Value.Size).Take(3))
{
    var theirs = 100.0 * entry.Size / linguistTotal;
    var ours = analysis.Languages.FirstOrDefault(l => l.Name == name)?.Percent ?? 0;
    worst = Math.Max(worst, Math.Abs(theirs - ours));
    Console.WriteLine(string.Create(inv, $"  {name,-26} {theirs,8:0.00}%  {ours,8:0.00}%  {ours - theirs,+8:+0.00;-0.00} pt"));
}

Console.WriteLine();
Console.WriteLine("Socrates' own top 5: " + string.Join(", ", analysis.Languages.Take(5).Select(l => string.Create(inv, $"{l.Name} {l.Percent:0.00}%"))));
Console.WriteLine(string.Create(inv, $"Largest top-3 share difference: {worst:0.00} points (goal: within 2)"));
return 0;

static string BuildDefaultTree()
{
    var tree = Path.Combine(Path.GetTempPath(), "socrates-bench-tree");
    if (Directory.Exists(Path.Combine(tree, ".git")))
    {
        return tree;
    }

    Directory.CreateDirectory(tree);
    var sources = DefaultSources.Directories.Where(Directory.Exists).ToList();
    foreach (var directory in sources)
    {
        Run("cp", ["-a", directory, Path.Combine(tree, directory.Trim('/').Replace('/', '_'))]);
    }

    foreach (var cache in Directory.EnumerateDirectories(tree, "__pycache__", SearchOption.AllDirectories).ToList())
    {
        Directory.Delete(cache, recursive: true);
    }

    Run("git", ["-C", tree, "init", "-q", "-b", "main"]);
    Run("git", ["-C", tree, "add", "-A"]);
    Run("git", ["-C", tree, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "benchmark tree"]);
    return tree;
}

// The child's CPU seconds come from GNU time (Debian package "time") when it is there; NaN otherwise.
static (string Output, double CpuSeconds) RunTimed(string file, IReadOnlyList<string> arguments)
{
    const string gnuTime = "/usr/bin/time";
    if (!File.Exists(gnuTime))
    {
        return (Run(file, arguments), double.NaN);
    }

    var cpuFile = Path.GetTempFileName();
    try
    {
        var output = Run(gnuTime, ["-f", "%U %S", "-o", cpuFile, file, .. arguments]);
        var parts = File.ReadAllText(cpuFile).Trim().Split(' ');
        return (output, double.Parse(parts[0], CultureInfo.InvariantCulture) + double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
    finally
    {
        File.Delete(cpuFile);
    }
}

static string Run(string file, IEnumerable<string> arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} could not be started.");
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {error.Result}");
    }

    return output.Result;
}

internal static class DefaultSources
{
    public static readonly string[] Directories = ["/usr/lib/python3.11", "/usr/lib/ruby", "/usr/share/perl", "/usr/include"];
}

internal sealed record LinguistEntry(
    [property: System.Text.Json.Serialization.JsonPropertyName("size")] long Size,
    [property: System.Text.Json.Serialization.JsonPropertyName("percentage")] string Percentage);
