using System.Globalization;
using System.Text;

namespace Socrates.Api.Export;

/// <summary>
/// The Markdown export: readable on its own, and structured so that <see cref="MarkdownImporter"/> (or any
/// CommonMark parser) finds the same categories, keys and values in it. Every piece of user text goes through
/// <see cref="MarkdownText"/>; the only Markdown syntax in the file is the exporter's own. It holds no timestamp,
/// so the same project always gives the same text (the code zip relies on that).
/// </summary>
public static class MarkdownExporter
{
    /// <summary>The first line, by which the importer knows a Socrates export.</summary>
    public const string Marker = "<!-- socrates-export format=markdown version=1 -->";

    public const string NotChosen = "not chosen (server default)";

    public static string Render(ProjectExport export)
    {
        var p = export.Project;
        var sb = new StringBuilder(4096 + export.Specifications.Sum(s => s.Key.Length + s.Value.Length + 64));
        sb.Append(Marker).Append("\n\n");
        sb.Append("# ");
        MarkdownText.AppendInline(sb, p.Name);
        sb.Append("\n\n");
        if (p.Description.Length > 0)
        {
            AppendText(sb, p.Description, "");
            sb.Append('\n');
        }

        sb.Append("## Project\n\n");
        Fact(sb, "Phase", p.Phase);
        sb.Append("- **Maturity:** ").Append(p.MaturityScore.ToString(CultureInfo.InvariantCulture)).Append("%\n");
        Fact(sb, "LLM provider", p.Llm.Provider ?? NotChosen);
        Fact(sb, "LLM model", p.Llm.Model ?? NotChosen);
        sb.Append('\n');

        sb.Append("## Specifications\n\n");
        if (export.Specifications.Count == 0)
        {
            sb.Append("No specifications yet.\n\n");
        }

        foreach (var category in export.Specifications.GroupBy(s => s.Category))
        {
            sb.Append("### ");
            MarkdownText.AppendInline(sb, category.Key);
            sb.Append("\n\n");
            // A heading per key rather than "**key**": parsers differ on emphasis next to escaped or encoded characters
            // (Markdig reads "**&#9;x**" as literal asterisks), while a heading holds any text.
            foreach (var spec in category)
            {
                sb.Append("#### ");
                MarkdownText.AppendInline(sb, spec.Key);
                sb.Append("\n\nConfidence ").Append(spec.Confidence.ToString("R", CultureInfo.InvariantCulture)).Append(" · source ");
                MarkdownText.AppendInline(sb, spec.Source);
                sb.Append("\n\n");
                AppendText(sb, spec.Value, "");
                sb.Append('\n');
            }
        }

        AppendClarifications(sb, export.Clarifications ?? []);

        sb.Append("## Knowledge documents\n\n");
        if (export.Documents.Count == 0)
        {
            sb.Append("No documents.\n\n");
        }

        foreach (var document in export.Documents)
        {
            sb.Append("### ");
            MarkdownText.AppendInline(sb, document.Title);
            sb.Append("\n\n");
            sb.Append("Source: ");
            MarkdownText.AppendInline(sb, document.Source);
            sb.Append("\n\n");
            MarkdownText.AppendFence(sb, document.Content, "markdown");
            sb.Append('\n');
        }

        sb.Append("## Generated files\n\n");
        if (export.GeneratedFiles.Count == 0)
        {
            sb.Append("No generated files.\n");
        }

        foreach (var file in export.GeneratedFiles)
        {
            sb.Append("- ");
            MarkdownText.AppendInline(sb, file.Path);
            sb.Append(" (");
            MarkdownText.AppendInline(sb, file.Language);
            sb.Append(")\n");
        }

        return sb.ToString();
    }

    /// <summary>Question, when it was asked and what it is about, then the answer; only for a project that has any.</summary>
    private static void AppendClarifications(StringBuilder sb, IReadOnlyList<ExportedClarification> clarifications)
    {
        if (clarifications.Count == 0)
        {
            return;
        }

        sb.Append("## Clarifications\n\n");
        foreach (var c in clarifications)
        {
            sb.Append("### ");
            MarkdownText.AppendInline(sb, c.Question);
            sb.Append("\n\nAsked ").Append(c.AskedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" about ");
            MarkdownText.AppendInline(sb, $"{c.Category} / {c.Key}");
            sb.Append("\n\n");
            if (c.Answer is null)
            {
                sb.Append("Not answered yet.\n\n");
                continue;
            }

            sb.Append("Answered ").Append(c.AnsweredAt!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(":\n\n");
            AppendText(sb, c.Answer, "");
            sb.Append('\n');
        }
    }

    /// <summary>One line of text as a paragraph; several lines as a fenced block, so a reader sees them as written.</summary>
    private static void AppendText(StringBuilder sb, string text, string indent)
    {
        if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            MarkdownText.AppendFence(sb, text, "text", indent);
        }
        else
        {
            sb.Append(indent);
            MarkdownText.AppendInline(sb, text);
            sb.Append('\n');
        }
    }

    private static void Fact(StringBuilder sb, string name, string value)
    {
        sb.Append("- **").Append(name).Append(":** ");
        MarkdownText.AppendInline(sb, value);
        sb.Append('\n');
    }
}
