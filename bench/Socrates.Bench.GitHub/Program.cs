using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

// The socrates command line against GitHub Linguist's, whole processes, on many real trees in one run:
// the wall-clock time of each tool per tree and summed, the start-up of socrates on an empty folder, and
// every language share side by side (the goal is within 2 points on every tree).
//
// usage: dotnet run -c Release --project bench/Socrates.Bench.GitHub [-- --cli PATH] [TREE ...]
// --cli   the socrates executable to time (default: the framework-dependent one built beside this bench;
//         pass the Native AOT one from `dotnet publish src/Socrates.Cli -c Release -r linux-x64 -p:PublishAot=true`)
// TREE    folders to compare; without any, the default trees below that exist on this machine.
// Each tree is copied into a git repository under /tmp/socrates-bench (Linguist reads commits), so both tools
// see the same files. Needs github-linguist (apt-get install ruby-github-linguist), git and GNU time.

var inv = CultureInfo.InvariantCulture;
var cliIndex = Array.IndexOf(args, "--cli");
var cli = cliIndex >= 0 ? Path.GetFullPath(args[cliIndex + 1]) : Path.Combine(AppContext.BaseDirectory, "socrates");
var trees = args.Where((a, i) => a != "--cli" && (cliIndex < 0 || i != cliIndex + 1)).ToList();
var sources = trees.Count > 0 ? trees.Select(t => (Name: Path.GetFileName(Path.GetFullPath(t).TrimEnd('/')), Path: Path.GetFullPath(t))).ToList() : DefaultTrees.Existing();
if (sources.Count == 0)
{
    Console.Error.WriteLine("No trees to compare: pass folders, or install the default ones (see DefaultTrees).");
    return 1;
}

Console.WriteLine($"socrates: {cli}");
Console.WriteLine($"linguist: {Run("github-linguist", ["--version"]).Output.Trim()}");

// Start-up: the whole process on an empty folder, the cost every run pays before reading a file.
var empty = Directory.CreateTempSubdirectory("socrates-empty-").FullName;
Run(cli, ["analyze", empty, "--json"]);
var startups = Enumerable.Range(0, 21).Select(_ => Time(() => Run(cli, ["analyze", empty, "--json"]))).Order().ToList();
Directory.Delete(empty);
Console.WriteLine(string.Create(inv, $"start-up on an empty folder: median {startups[10] * 1000:0} ms, best {startups[0] * 1000:0} ms, worst {startups[^1] * 1000:0} ms (goal: <= 100 ms)"));
Console.WriteLine();
Console.WriteLine("tree                          files   socrates   linguist   speed-up   worst share gap   top languages (linguist / socrates)");

double ourTotal = 0, theirTotal = 0, worstGap = 0;
foreach (var (name, path) in sources)
{
    var repository = AsRepository(name, path);
    var files = Run("git", ["-C", repository, "ls-files"]).Output.Count(c => c == '\n');
    // One untimed run of each first, so both read from a warm page cache.
    var socratesJson = Run(cli, ["analyze", repository, "--json"]).Output;
    var linguistJson = Run("github-linguist", [repository, "--json"]).Output;
    var ours = Time(() => Run(cli, ["analyze", repository, "--json"]));
    var theirs = Time(() => Run("github-linguist", [repository, "--json"]));
    ourTotal += ours;
    theirTotal += theirs;

    var theirShares = LinguistShares(linguistJson);
    var ourShares = SocratesShares(socratesJson);
    var gap = theirShares.Keys.Union(ourShares.Keys).Select(l => Math.Abs(theirShares.GetValueOrDefault(l) - ourShares.GetValueOrDefault(l))).DefaultIfEmpty(0).Max();
    worstGap = Math.Max(worstGap, gap);
    var top = string.Join(", ", theirShares.OrderByDescending(s => s.Value).Take(3)
        .Select(s => string.Create(inv, $"{s.Key} {s.Value:0.0}/{ourShares.GetValueOrDefault(s.Key):0.0}")));
    Console.WriteLine(string.Create(inv, $"{name,-28} {files,6}   {ours,6:0.00} s   {theirs,6:0.00} s   {theirs / ours,6:0.0}x   {gap,9:0.00} pt       {top}"));
}

Console.WriteLine(string.Create(inv, $"{"total (" + sources.Count + " trees)",-35}   {ourTotal,6:0.00} s   {theirTotal,6:0.00} s   {theirTotal / ourTotal,6:0.0}x   {worstGap,9:0.00} pt"));
return 0;

static double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalSeconds;
}

// The tree as a git repository of its own: Linguist analyses a commit, and both tools then read the same files.
static string AsRepository(string name, string path)
{
    var repository = Path.Combine(Path.GetTempPath(), "socrates-bench", name);
    if (Directory.Exists(Path.Combine(repository, ".git")))
    {
        return repository;
    }

    Directory.CreateDirectory(repository);
    Run("cp", ["-a", path + "/.", repository]);
    foreach (var nested in Directory.EnumerateFileSystemEntries(repository, ".git", SearchOption.AllDirectories).ToList())
    {
        if (Directory.Exists(nested))
        {
            Directory.Delete(nested, recursive: true);
        }
        else
        {
            File.Delete(nested);
        }
    }

    Run("git", ["-C", repository, "init", "-q", "-b", "main"]);
    Run("git", ["-C", repository, "add", "-A"]);
    Run("git", ["-C", repository, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "benchmark tree"]);
    return repository;
}

static Dictionary<string, double> LinguistShares(string json)
{
    using var document = JsonDocument.Parse(json);
    var sizes = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("size").GetDouble());
    var total = sizes.Values.Sum();
    return sizes.ToDictionary(s => s.Key, s => total == 0 ? 0 : 100 * s.Value / total);
}

static Dictionary<string, double> SocratesShares(string json)
{
    using var document = JsonDocument.Parse(json);
    return document.RootElement.GetProperty("languages").EnumerateArray()
        .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("percent").GetDouble());
}

static (string Output, string Error) Run(string file, IEnumerable<string> arguments)
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

    return (output.Result, error.Result);
}

/// <summary>Real trees of different ecosystems that a Debian machine with the .NET SDK and npm has or can get.</summary>
internal static class DefaultTrees
{
    private static readonly (string Name, string Path)[] Candidates =
    [
        ("python-asyncio", "/usr/lib/python3.11/asyncio"),
        ("python-email", "/usr/lib/python3.11/email"),
        ("ruby-stdlib", "/usr/lib/ruby/3.1.0"),
        ("ruby-linguist-gem", "/usr/lib/ruby/vendor_ruby/linguist"),
        ("perl-extutils", "/usr/share/perl/5.36.0/ExtUtils"),
        ("c-linux-headers", "/usr/include/linux"),
        ("shell-bash-completion", "/usr/share/bash-completion"),
        ("dotnet-sdk-targets", "/usr/share/dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk"),
        // npm install --prefix /tmp/socrates-bench-npm axios lodash express typescript-eslint@8 vue@3
        ("npm-axios", "/tmp/socrates-bench-npm/node_modules/axios"),
        ("npm-lodash", "/tmp/socrates-bench-npm/node_modules/lodash"),
        ("npm-express", "/tmp/socrates-bench-npm/node_modules/express"),
        ("npm-vue-runtime-core", "/tmp/socrates-bench-npm/node_modules/@vue/runtime-core"),
        ("npm-typescript-eslint", "/tmp/socrates-bench-npm/node_modules/@typescript-eslint/typescript-estree"),
    ];

    public static List<(string Name, string Path)> Existing() => Candidates.Where(c => Directory.Exists(c.Path)).ToList();
}
