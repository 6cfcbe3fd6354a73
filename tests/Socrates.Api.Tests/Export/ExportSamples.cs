using Socrates.Api.Export;
using Socrates.Api.Projects;

namespace Socrates.Api.Tests.Export;

/// <summary>Projects to export, built in memory: one full of text that looks like Markdown, and big ones.</summary>
public static class ExportSamples
{
    public static readonly DateTime Time = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Values that each break a naive Markdown writer in a different way.</summary>
    public static readonly string[] HostileTexts =
    [
        "# not a heading",
        "*not emphasis* and **not strong** and _x_",
        "| a | b |\n|---|---|\n| c | d |",
        "uses `code` and ``double`` and ````four````",
        "<script>alert('x')</script> and <b>bold</b> & &amp; &#35;",
        "line one\nline two\n\nafter a blank line",
        "windows\r\nline endings\rand a lone CR",
        "  leading and trailing spaces  ",
        "\ttab first\tand inside",
        "- looks like a list\n- second item",
        "1. numbered\n2) also",
        "> a quote",
        "    indented code",
        "---",
        "===",
        "[a link](http://example.com) and ![image](x.png) and <http://example.com>",
        "back\\slash at the end\\",
        "ends with a colon:",
        "```\nfenced inside a value\n```",
        "Ελληνικά, Кириллица, and ✓ and emoji 🚀",
        "trailing hash #",
        "a\u0001control\u007fcharacter",
        "\\# escaped already",
        "~~strike~~ and ^sup^ and $math$",
        "foo\\\nhard break attempt",
        "**",
        "`",
        "-",
        "+",
        "1.",
        "<!-- comment -->",
    ];

    public static ProjectExport Hostile()
    {
        var specs = new List<ExportedSpecification>();
        for (var i = 0; i < HostileTexts.Length; i++)
        {
            var category = i % 3 == 0 ? "goals" : i % 3 == 1 ? "tech_stack" : "c*a|t`e<g>o#r_y";
            specs.Add(Spec(category, "key " + HostileTexts[i].Replace('\n', ' ').Replace('\r', ' ').Trim() + " " + i, HostileTexts[i], i / (double)HostileTexts.Length));
        }

        specs.Add(Spec("goals", "*", "plain", 1));
        specs.Add(Spec("goals", "`key`", "plain", 0.5));
        specs.Add(Spec("goals", "ends with star*", "plain", 0.25));

        return Project(
            "My *Project* | #1 `x` <b>",
            "A description with **Markdown**\nand a second line",
            specs,
            [
                new ExportedDocument(Guid.NewGuid(), "Doc # with `ticks`", "# Real heading\n\n```csharp\nvar x = 1;\n```\n\n````\nfour\n````\n", "user", Time),
                new ExportedDocument(Guid.NewGuid(), "Second", "plain text", "github_import", Time.AddSeconds(1)),
            ],
            [
                new ExportedFile(Guid.NewGuid(), "src/main.py", "python", "print('hi')\n", Time, Time),
                new ExportedFile(Guid.NewGuid(), "README.md", "markdown", "# generated readme\n", Time, Time),
            ]);
    }

    public static ProjectExport Large(int specifications, int documents, int files = 0)
    {
        var categories = new[] { "goals", "users", "features", "requirements", "tech_stack", "architecture", "data_model", "api", "security", "testing", "deployment", "extra" };
        var specs = Enumerable.Range(0, specifications)
            .Select(i => Spec(categories[i % categories.Length], $"key-{i:D5}", $"Value {i} for {categories[i % categories.Length]}: the system shall do thing number {i} reliably.", (i % 10) / 10.0))
            .OrderBy(s => CategoryOrder.Rank(s.Category)).ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var docs = Enumerable.Range(0, documents)
            .Select(i => new ExportedDocument(Guid.NewGuid(), $"Document {i}", $"# Notes {i}\n\n" + string.Join("\n", Enumerable.Range(0, 20).Select(l => $"Line {l} of document {i} with some text.")), "user", Time.AddSeconds(i)))
            .ToList();
        var generated = Enumerable.Range(0, files)
            .Select(i => new ExportedFile(Guid.NewGuid(), $"src/module{i / 100}/file{i:D4}.py", "python", $"def f{i}():\n    return {i}\n", Time, Time))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return Project("Large project", "Many specifications.", specs, docs, generated);
    }

    public static ProjectExport Project(string name, string description, List<ExportedSpecification> specs, List<ExportedDocument> documents, List<ExportedFile> files) =>
        new(ProjectExport.CurrentSchemaVersion, Time,
            new ExportedProject(Guid.NewGuid(), name, description, "design", 42, new ExportedLlm("claude", "claude-sonnet-4-5"), Time, Time),
            [.. specs.OrderBy(s => CategoryOrder.Rank(s.Category)).ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)],
            documents,
            files);

    public static ExportedSpecification Spec(string category, string key, string value, double confidence, string source = "user") =>
        new(Guid.NewGuid(), category, key, value, confidence, source, Time, Time);
}
