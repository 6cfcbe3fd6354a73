using System.Text.Json;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Specifications;

namespace Socrates.Api.Workspace.Proposals;

public sealed record ProposedSpecification(string Category, string Key, string Value, double Confidence, string Rationale);

/// <summary>
/// A workspace answer as the model was asked to give it, <c>{"reply": string, "proposals": [{category, key, value,
/// confidence, rationale}]}</c>, read leniently: code fences and text around the object are ignored, a proposal that
/// is not a usable specification is dropped with a warning, and an answer that is not that JSON at all keeps its
/// text as the reply, with no proposals and a warning. Never an error: the model was paid for, its words are kept.
/// </summary>
public sealed record ModelReply(string Reply, IReadOnlyList<ProposedSpecification> Proposals, IReadOnlyList<string> Warnings)
{
    public const string NotJsonWarning =
        "The model did not answer in the expected JSON format; its text is kept as the reply and no specifications were proposed from it.";

    /// <summary>Proposals a model may make in one answer; more are dropped.</summary>
    public const int MaxProposals = 20;

    /// <summary>Confidence of a proposal that states none: a likely reading of what was said, not a confirmed one.</summary>
    public const double DefaultConfidence = 0.7;

    public static ModelReply Parse(string text)
    {
        var json = ModelJson.ObjectIn(text);
        if (json is not { } root || !root.TryGetProperty("reply", out var reply) || reply.ValueKind != JsonValueKind.String)
        {
            return new ModelReply(Clean(text), [], [NotJsonWarning]);
        }

        var warnings = new List<string>();
        var proposals = new List<ProposedSpecification>();
        if (root.TryGetProperty("proposals", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (ReadProposal(item, index++, out var problem) is { } proposal)
                {
                    // The same key twice in one answer: the later wording is the model's last word.
                    proposals.RemoveAll(p => p.Category == proposal.Category && p.Key == proposal.Key);
                    proposals.Add(proposal);
                }
                else
                {
                    warnings.Add(problem!);
                }
            }
        }

        if (proposals.Count > MaxProposals)
        {
            warnings.Add($"The model proposed {proposals.Count} specifications; only the first {MaxProposals} were kept.");
            proposals = proposals[..MaxProposals];
        }

        return new ModelReply(Clean(reply.GetString()!), proposals, warnings);
    }

    private static ProposedSpecification? ReadProposal(JsonElement item, int index, out string? problem)
    {
        string? Text(string name) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

        var category = Text("category") is { } c ? SpecificationText.Category(c) : "";
        var key = Text("key") is { } k ? TextRules.Trim(k) : "";
        var value = Text("value") ?? "";
        problem = null;
        if (category.Length is 0 or > Specification.MaxCategoryLength || key.Length is 0 or > Specification.MaxKeyLength || !TextRules.IsVisible(value)
            || TextRules.Problem("category", category, TextKind.Line) is not null || TextRules.Problem("key", key, TextKind.Line) is not null)
        {
            problem = $"Proposal {index + 1} was dropped: it needs a category, a key (one line each) and a value.";
            return null;
        }

        var confidence = item.TryGetProperty("confidence", out var n) && n.ValueKind == JsonValueKind.Number ? Math.Clamp(n.GetDouble(), 0, 1) : DefaultConfidence;
        var rationale = Clean(Text("rationale") ?? "");
        return new ProposedSpecification(category, key, Clean(value), confidence,
            rationale.Length > Proposal.MaxRationaleLength ? rationale[..Proposal.MaxRationaleLength] : rationale);
    }

    /// <summary>A model can emit NUL, which no text field holds (<see cref="TextRules"/>); it becomes U+FFFD rather than losing the answer.</summary>
    public static string Clean(string text) => text.Replace(TextRules.Nul, '\uFFFD');
}
