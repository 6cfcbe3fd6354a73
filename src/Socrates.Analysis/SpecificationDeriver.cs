using System.Globalization;

namespace Socrates.Analysis;

/// <summary>
/// Turns an analysis into specifications, each with a confidence that follows its evidence: a language
/// holding most of the bytes is near certain, a framework only in development dependencies less so, a
/// README paragraph is the author's words but not necessarily the product's goal.
/// </summary>
public static class SpecificationDeriver
{
    public static IReadOnlyList<DerivedSpecification> Derive(RepositoryAnalysis analysis)
    {
        var specs = new List<DerivedSpecification>();
        var inv = CultureInfo.InvariantCulture;

        if (analysis.Languages.Count > 0)
        {
            var primary = analysis.Languages[0];
            specs.Add(new("tech_stack", "primary_language", primary.Name, Math.Round(primary.Percent >= 50 ? 0.95 : 0.6 + primary.Percent / 200, 2)));
            specs.Add(new("tech_stack", "languages",
                string.Join(", ", analysis.Languages.Where(l => l.Percent >= 1).Select(l => $"{l.Name} {l.Percent.ToString("0.#", inv)}%")),
                0.95));
        }

        foreach (var framework in analysis.Frameworks.Where(f => f.Category is not ("testing" or "test-helper" or "linter" or "build-tool")))
        {
            var evidence = string.Join(", ", framework.Evidence.Take(3).Select(e => $"{e.File} ({e.Dependency})"));
            specs.Add(new("tech_stack", "framework." + Slug(framework.Name), $"{framework.Name} ({framework.Category}); declared in {evidence}", framework.Confidence));
        }

        if (analysis.PackageManagers.Count > 0)
        {
            specs.Add(new("tech_stack", "package_managers", string.Join(", ", analysis.PackageManagers), 0.9));
        }

        var tests = analysis.Tests;
        if (tests.HasTests || tests.Frameworks.Count > 0)
        {
            var parts = new List<string>();
            if (tests.Frameworks.Count > 0)
            {
                parts.Add("frameworks: " + string.Join(", ", tests.Frameworks));
            }

            if (tests.Directories.Count > 0)
            {
                parts.Add("folders: " + string.Join(", ", tests.Directories.Take(10)));
            }

            parts.Add($"{tests.TestFiles} test files");
            // Test files and a declared framework agree: strong. Only one of them: weaker.
            var confidence = tests.TestFiles > 0 && tests.Frameworks.Count > 0 ? 0.9 : tests.TestFiles > 0 ? 0.75 : 0.5;
            specs.Add(new("testing", "automated_tests", string.Join("; ", parts), confidence));
        }
        else
        {
            specs.Add(new("testing", "automated_tests", "No test folders, test files or test frameworks found", 0.6));
        }

        if (analysis.Ci.Count > 0)
        {
            specs.Add(new("deployment", "ci",
                string.Join("; ", analysis.Ci.Select(c => $"{c.Name} ({string.Join(", ", c.Files.Take(5))})")), 0.95));
        }

        var containers = analysis.Containers;
        if (containers.Dockerfiles.Count > 0 || containers.ComposeFiles.Count > 0 || containers.Kubernetes.Count > 0)
        {
            var parts = new List<string>();
            if (containers.Dockerfiles.Count > 0)
            {
                parts.Add("Docker images: " + string.Join(", ", containers.Dockerfiles.Take(5)));
            }

            if (containers.ComposeFiles.Count > 0)
            {
                parts.Add("Compose: " + string.Join(", ", containers.ComposeFiles.Take(5)));
            }

            if (containers.Kubernetes.Count > 0)
            {
                parts.Add("Kubernetes/Helm: " + string.Join(", ", containers.Kubernetes.Take(5)));
            }

            specs.Add(new("deployment", "containers", string.Join("; ", parts), 0.9));
        }

        if (analysis.License is { } license)
        {
            specs.Add(new("legal", "licence",
                license.SpdxId is null ? $"Unrecognised licence in {license.File}" : $"{license.SpdxId} ({license.File})",
                license.Confidence));
        }

        if (analysis.Description is { } description)
        {
            specs.Add(new("overview", "description", description, 0.7));
        }

        if (analysis.Source.CommitSha is { } sha)
        {
            specs.Add(new("source", "repository", analysis.Source.FullName ?? analysis.Source.Location, 1.0));
            specs.Add(new("source", "commit_sha", sha, 1.0));
            if (analysis.Source.Ref is { } reference)
            {
                specs.Add(new("source", "ref", reference, 1.0));
            }
        }

        return specs;
    }

    private static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        return string.Join('_', new string(chars).Split('_', StringSplitOptions.RemoveEmptyEntries));
    }
}
