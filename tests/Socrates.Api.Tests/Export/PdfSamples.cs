using Socrates.Api.Specifications;
using Socrates.Api.Export;

namespace Socrates.Api.Tests.Export;

/// <summary>A project a reader would export: a knowledge document in rich Markdown and text in many scripts.</summary>
public static class PdfSamples
{
    public const string Chinese = "用户可以导出规格说明";
    public const string Japanese = "日本語のテキスト";
    public const string Korean = "한국어 텍스트";
    public const string Arabic = "مرحبا بالعالم";
    public const string Hebrew = "שלום עולם";
    public const string Devanagari = "नमस्ते दुनिया";
    public const string Emoji = "🚀🎉";

    public const string Architecture = """
        # Architecture notes

        The **Gateway** routes every request; see *the design doc* and [the RFC](https://example.com/rfc).

        ## Components

        - API server with `dotnet run`
        - Worker
          1. polls the queue
          2. writes results

        > Keep the gateway stateless.

        ```csharp
        var gateway = new Gateway();
        gateway.Start();
        ```

        | Service | Port |
        |---------|------|
        | gateway | 8080 |
        | worker  | 9090 |

        ![diagram of the services](diagram.png)

        ---

        Plain closing paragraph.
        """;

    public static ProjectExport Reader() => ExportSamples.Project(
        "Socrates demo",
        "A specification tool that asks questions.",
        [
            ExportSamples.Spec("goals", "primary_goal", "Help teams write specifications.", 1, "user"),
            ExportSamples.Spec("tech_stack", "backend", "ASP.NET Core on .NET 10", 0.9, "github_import"),
            ExportSamples.Spec("tech_stack", "database", "PostgreSQL", 0.6, SpecificationSources.Llm),
            ExportSamples.Spec("users", "languages", $"{Chinese} / {Japanese} / {Korean}", 0.3, "user"),
            ExportSamples.Spec("users", "rtl", $"{Arabic} and {Hebrew}", 0.5, "user"),
            ExportSamples.Spec("users", "indic", Devanagari + " " + Emoji, 0.5, "user"),
        ],
        [new ExportedDocument(Guid.NewGuid(), "Architecture notes", Architecture, "user", ExportSamples.Time)],
        [
            new ExportedFile(Guid.NewGuid(), "src/main.py", "python", "print('hi')\n", ExportSamples.Time, ExportSamples.Time),
            new ExportedFile(Guid.NewGuid(), "README.md", "markdown", new string('x', 2048), ExportSamples.Time, ExportSamples.Time),
        ]) with
    {
        Clarifications =
        [
            new ExportedClarification("tech_stack", "database", "Which database will hold the specifications?", "PostgreSQL in production, SQLite on a laptop.", ExportSamples.Time, ExportSamples.Time.AddDays(1)),
            new ExportedClarification("users", "audience", "Who reads the exported documents?", null, ExportSamples.Time.AddDays(2), null),
        ],
    };
}
