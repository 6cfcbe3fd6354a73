using System.Globalization;

namespace Socrates.Analysis.Reporting;

/// <summary>The analysis as a person reads it in a terminal: the command lines' default output.</summary>
public static class AnalysisText
{
    private const int MaxManifests = 20;
    private const int MaxDependencies = 25;

    public static string Describe(RepositoryAnalysis a)
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
        lines.Add("");
        var development = a.Dependencies.Count(d => d.Development);
        lines.Add(string.Create(inv, $"Dependencies: {a.Dependencies.Count - development:N0} runtime, {development:N0} development"));
        foreach (var manifest in a.Manifests.Where(m => m.Dependencies.Count > 0).Take(MaxManifests))
        {
            lines.Add($"  {manifest.File} ({manifest.PackageManager}{(manifest.Workspace is { } w ? ", member of " + w : "")})");
            lines.AddRange(manifest.Dependencies.Take(MaxDependencies).Select(d =>
                $"    {(d.Development ? "dev " : "    ")}{d.Name,-40} {d.Version ?? "*",-14} {(d.Resolved is { } r ? "= " + r : ""),-14} {d.Role}"));
            if (manifest.Dependencies.Count > MaxDependencies)
            {
                lines.Add($"    … and {manifest.Dependencies.Count - MaxDependencies} more (--json lists all)");
            }
        }

        lines.AddRange(a.Workspaces.Select(w => $"Workspace: {w.File} ({w.Kind}): {string.Join(", ", w.Members.Take(10))}"));
        lines.Add("");
        lines.Add($"Package managers: {Join(a.PackageManagers)}");
        lines.Add($"Tests: {(a.Tests.HasTests ? $"{a.Tests.TestFiles} files in {Join(a.Tests.Directories.Take(5))}" : "none found")}; frameworks {Join(a.Tests.Frameworks)}");
        lines.Add($"CI: {Join(a.Ci.Select(c => c.Name))}");
        lines.Add($"Containers: {Join(a.Containers.Dockerfiles.Concat(a.Containers.ComposeFiles))}");
        lines.Add($"Licence: {(a.Licenses.Count == 0 ? "none" : string.Join("; ", a.Licenses.Select(l => $"{l.SpdxId ?? l.Declared ?? "unrecognised"} ({l.File})")))}");
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
