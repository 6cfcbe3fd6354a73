using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Socrates.Api.Export;

/// <summary>
/// Reads a Socrates Markdown export back with Markdig's CommonMark parser. It walks the parsed blocks, never the
/// raw lines, so it sees exactly what any CommonMark reader sees: if user text had broken the structure, the
/// categories, keys and values found here would differ from the ones exported.
/// </summary>
public static partial class MarkdownImporter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    public static bool LooksLikeExport(string text) => text.TrimStart('\uFEFF').StartsWith(MarkdownExporter.Marker, StringComparison.Ordinal);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says where the file departs from the export's shape.</summary>
    public static ImportedProject? TryRead(string text, out string error, out int generatedFilesListed)
    {
        generatedFilesListed = 0;
        var document = Markdown.Parse(text.TrimStart('\uFEFF'), Pipeline);
        var blocks = document.ToList();
        var i = 0;

        if (blocks.Count == 0 || blocks[0] is not HtmlBlock || !LooksLikeExport(text))
        {
            error = $"The file does not start with '{MarkdownExporter.Marker}', so it is not a Socrates Markdown export.";
            return null;
        }

        i++;
        if (i >= blocks.Count || blocks[i] is not HeadingBlock { Level: 1 } title)
        {
            error = "The export has no '# name' heading after its first line.";
            return null;
        }

        var name = InlineText(title.Inline);
        i++;

        var description = "";
        if (i < blocks.Count && blocks[i] is not HeadingBlock)
        {
            description = BlockText(blocks[i]) ?? "";
            i++;
        }

        string phase = "", provider = "", model = "";
        var specs = new List<ImportedSpecification>();
        var documents = new List<ImportedDocument>();
        var sections = new HashSet<string>(StringComparer.Ordinal);

        while (i < blocks.Count)
        {
            if (blocks[i] is not HeadingBlock { Level: 2 } section)
            {
                error = $"Unexpected {Describe(blocks[i])} at line {blocks[i].Line + 1}; expected a '## ' section heading.";
                return null;
            }

            var sectionName = InlineText(section.Inline);
            sections.Add(sectionName);
            i++;
            switch (sectionName)
            {
                case "Project":
                    if (i < blocks.Count && blocks[i] is ListBlock facts)
                    {
                        foreach (var item in facts.OfType<ListItemBlock>())
                        {
                            var (label, value) = Fact(item);
                            switch (label)
                            {
                                case "Phase:": phase = value; break;
                                case "LLM provider:": provider = value; break;
                                case "LLM model:": model = value; break;
                                default: break;
                            }
                        }

                        i++;
                    }

                    break;

                case "Specifications":
                    var category = "";
                    while (i < blocks.Count && blocks[i] is not HeadingBlock { Level: <= 2 })
                    {
                        if (blocks[i] is HeadingBlock { Level: 3 } categoryHeading)
                        {
                            category = InlineText(categoryHeading.Inline);
                            i++;
                        }
                        else if (blocks[i] is HeadingBlock { Level: 4 } keyHeading && category.Length > 0)
                        {
                            var spec = Specification(category, keyHeading, blocks, i, out error);
                            if (spec is null)
                            {
                                return null;
                            }

                            specs.Add(spec);
                            i += 3;
                        }
                        else if (blocks[i] is ParagraphBlock && specs.Count == 0 && category.Length == 0)
                        {
                            i++; // "No specifications yet."
                        }
                        else
                        {
                            error = $"Unexpected {Describe(blocks[i])} at line {blocks[i].Line + 1} in the specifications; expected '### category' or '#### key'.";
                            return null;
                        }
                    }

                    break;

                case "Knowledge documents":
                    while (i < blocks.Count && blocks[i] is not HeadingBlock { Level: <= 2 })
                    {
                        if (blocks[i] is HeadingBlock { Level: 3 } docHeading && i + 2 < blocks.Count
                            && blocks[i + 1] is ParagraphBlock sourceLine && blocks[i + 2] is FencedCodeBlock content
                            && InlineText(sourceLine.Inline) is { } sourceText && sourceText.StartsWith("Source: ", StringComparison.Ordinal))
                        {
                            documents.Add(new ImportedDocument(InlineText(docHeading.Inline), FenceText(content), sourceText["Source: ".Length..]));
                            i += 3;
                        }
                        else if (blocks[i] is ParagraphBlock)
                        {
                            i++; // "No documents."
                        }
                        else
                        {
                            error = $"Unexpected {Describe(blocks[i])} at line {blocks[i].Line + 1} in the documents; expected '### title', 'Source: ...' and a fenced block.";
                            return null;
                        }
                    }

                    break;

                case "Clarifications":
                    // A log of what was asked, not the project's content: an import does not restore it.
                    while (i < blocks.Count && blocks[i] is not HeadingBlock { Level: <= 2 })
                    {
                        i++;
                    }

                    break;

                case "Generated files":
                    while (i < blocks.Count && blocks[i] is not HeadingBlock { Level: <= 2 })
                    {
                        if (blocks[i] is ListBlock files)
                        {
                            generatedFilesListed += files.Count;
                        }

                        i++;
                    }

                    break;

                default:
                    error = $"Unknown section '## {sectionName}' at line {section.Line + 1}.";
                    return null;
            }
        }

        foreach (var required in new[] { "Project", "Specifications" })
        {
            if (!sections.Contains(required))
            {
                error = $"The export has no '## {required}' section.";
                return null;
            }
        }

        error = "";
        return new ImportedProject(
            name,
            description,
            phase,
            provider == MarkdownExporter.NotChosen ? null : provider,
            model == MarkdownExporter.NotChosen ? null : model,
            specs,
            documents,
            []);
    }

    /// <summary>"#### key", then "Confidence N · source S", then the value as a paragraph or a fenced block.</summary>
    private static ImportedSpecification? Specification(string category, HeadingBlock key, List<Block> blocks, int at, out string error)
    {
        var meta = at + 1 < blocks.Count && blocks[at + 1] is ParagraphBlock paragraph ? MetaPattern().Match(InlineText(paragraph.Inline)) : null;
        if (meta is not { Success: true } || !double.TryParse(meta.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence))
        {
            error = $"The specification at line {key.Line + 1} is not followed by 'Confidence N · source S'.";
            return null;
        }

        var value = at + 2 < blocks.Count ? BlockText(blocks[at + 2]) : null;
        if (value is null)
        {
            error = $"The value of the specification at line {key.Line + 1} is neither a paragraph nor a fenced block.";
            return null;
        }

        error = "";
        return new ImportedSpecification(category, InlineText(key.Inline), value, confidence, meta.Groups[2].Value);
    }

    private static (string Label, string Value) Fact(ListItemBlock item)
    {
        if (item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: EmphasisInline label } paragraph)
        {
            var value = InlineText(paragraph.Inline, skip: label);
            return (InlineText(label), value.StartsWith(' ') ? value[1..] : value);
        }

        return ("", "");
    }

    private static string? BlockText(Block block) => block switch
    {
        ParagraphBlock paragraph => InlineText(paragraph.Inline),
        FencedCodeBlock fence => FenceText(fence),
        _ => null,
    };

    public static string FenceText(FencedCodeBlock fence)
    {
        var lines = fence.Lines;
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(MarkdownText.LineBreak(fence.Arguments, i - 1));
            }

            sb.Append(lines.Lines[i].Slice.ToString());
        }

        return sb.ToString();
    }

    /// <summary>The text a reader sees: escapes and character references decoded, nothing else.</summary>
    public static string InlineText(ContainerInline? container, Inline? skip = null)
    {
        var sb = new StringBuilder();
        if (container is not null)
        {
            foreach (var inline in container)
            {
                if (!ReferenceEquals(inline, skip))
                {
                    Append(sb, inline);
                }
            }
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            case LineBreakInline: sb.Append('\n'); break;
            case CodeInline code: sb.Append(code.Content); break;
            case HtmlInline html: sb.Append(html.Tag); break;
            case ContainerInline nested:
                foreach (var child in nested)
                {
                    Append(sb, child);
                }

                break;
            default: break;
        }
    }

    private static string Describe(Block block) => block switch
    {
        HeadingBlock h => $"level-{h.Level} heading",
        ParagraphBlock => "paragraph",
        ListBlock => "list",
        FencedCodeBlock => "fenced block",
        _ => block.GetType().Name,
    };

    [GeneratedRegex(@"^Confidence (\S+) · source (.+)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MetaPattern();
}
