using System.Diagnostics;
using System.Globalization;
using System.Text;
using Socrates.Api.Export;
using Socrates.Api.Projects;

// Export time per format for a project of 10,000 specifications and 100 documents (and 1,000 generated files for
// the code zip), rendered in memory from a loaded project: the database read is the same for every format and is
// not what these goals are about. Each figure is the median of several runs after a warm-up.

const int Specifications = 10_000;
const int Documents = 100;
const int Files = 1_000;

var withFiles = Build();
var export = withFiles with { GeneratedFiles = [] };
var pdf = new PdfExporter();

Console.WriteLine($"Project: {Specifications:N0} specifications and {Documents} documents; the code zip adds {Files:N0} generated files.");
Console.WriteLine($"Load average when starting: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores (wall times stretch under load; CPU time less so).");
Console.WriteLine($"{"format",-10} {"median",10} {"min",10} {"cpu med",10} {"goal",10} {"bytes",12}  result");
Measure("markdown", 21, 100, () => Encoding.UTF8.GetByteCount(MarkdownExporter.Render(export)));
Measure("json", 21, 100, () => JsonExporter.Render(export).Length);
Measure("pdf", 7, 3000, () => pdf.Render(export).Length);
Measure("code", 11, 500, () => CodeZipExporter.Render(withFiles).Length);

// Reading exports back (what POST /projects/import does before its one SaveChanges), for scale.
var markdown = MarkdownExporter.Render(export);
var json = Encoding.UTF8.GetString(JsonExporter.Render(export));
var schema = new ExportSchema(ExportSchema.DefaultPath);
Measure("md-read", 9, null, () => MarkdownImporter.TryRead(markdown, out _, out _)!.Specifications.Count);
Measure("json-read", 9, null, () => ProjectImporter.Parse(json, schema).Project.Specifications.Count);

static void Measure(string name, int runs, int? goalMs, Func<long> render)
{
    long size = render(); // warm-up: JIT, font loading, caches
    var times = new List<double>();
    var cpu = new List<double>();
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < runs; i++)
    {
        // Each run starts with a clean heap, so one run's garbage is not collected on the next one's clock.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        size = render();
        times.Add(watch.Elapsed.TotalMilliseconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }

    times.Sort();
    cpu.Sort();
    var median = times[times.Count / 2];
    var verdict = goalMs is { } goal ? (median <= goal ? "meets goal" : "MISSES goal") : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-10} {median,8:F1}ms {times[0],8:F1}ms {cpu[cpu.Count / 2],8:F1}ms {(goalMs is null ? "-" : goalMs + "ms"),10} {size,12:N0}  {verdict}"));
}

static ProjectExport Build()
{
    var time = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    string[] categories = ["goals", "users", "features", "requirements", "tech_stack", "architecture", "data_model", "api", "security", "testing", "deployment", "notes"];
    var specs = Enumerable.Range(0, Specifications)
        .Select(i => new ExportedSpecification(Guid.NewGuid(), categories[i % categories.Length], $"requirement_{i:D5}",
            i % 10 == 0
                ? $"A longer value with *Markdown*, `code` and | pipes, #{i}.\nIt spans lines,\nso it is fenced."
                : $"The system shall handle case {i} within 200 ms and log it.", (i % 10) / 10.0, "user", time, time))
        .OrderBy(s => CategoryOrder.Rank(s.Category)).ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)
        .ToList();
    var documents = Enumerable.Range(0, Documents)
        .Select(i => new ExportedDocument(Guid.NewGuid(), $"Design note {i}",
            $"# Note {i}\n\n" + string.Join('\n', Enumerable.Range(0, 40).Select(l => $"Paragraph line {l} of note {i}, with `code` and **bold**.")),
            "user", time.AddSeconds(i)))
        .ToList();
    var files = Enumerable.Range(0, Files)
        .Select(i => new ExportedFile(Guid.NewGuid(), $"src/module{i / 50:D2}/file{i:D4}.py", "python",
            string.Join('\n', Enumerable.Range(0, 60).Select(l => $"def function_{i}_{l}(x):\n    return x + {l}")), time, time))
        .OrderBy(f => f.Path, StringComparer.Ordinal)
        .ToList();
    return new ProjectExport(ProjectExport.CurrentSchemaVersion, time,
        new ExportedProject(Guid.NewGuid(), "Benchmark project", "A large project.", "design", 73, new ExportedLlm("claude", "claude-sonnet-4-5"), time, time),
        specs, documents, files);
}
