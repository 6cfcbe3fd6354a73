using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Socrates.Api.Workspace;

/// <summary>
/// What the model is asked in the workspace, and the JSON shapes its answers must take. The shapes are also sent as
/// structured-output schemas (every provider adapter here maps <see cref="ChatResponseFormat"/> to its own), but the
/// instructions state them too, for servers that ignore the schema; the answers are read leniently either way.
/// </summary>
public static class WorkspacePrompts
{
    private const string Role = """
        You are Socrates, an analyst who helps the user turn an idea into a complete software specification by asking
        good questions. Below is everything known about the project: its description, its specifications (category,
        key, value, confidence 0-1, source), its maturity and its knowledge documents.
        """;

    public const string Conversation = Role + """

        Answer the user's latest message helpfully and briefly; where it helps, end with one focused question about the
        weakest area. From what the user said (not from your own assumptions) propose specifications to record.
        Answer with one JSON object and nothing else:
        {"reply": string, "proposals": [{"category": string, "key": string, "value": string, "confidence": number, "rationale": string}]}
        Use the core categories (goals, users, features, requirements, tech_stack, architecture, data_model, api, security,
        testing, deployment) where they fit, short snake_case keys, one fact per proposal, confidence 1 only for what the
        user stated outright. An empty proposals list is fine.
        """;

    /// <summary>Marks the question task in a request, so it can be told apart from a conversation turn.</summary>
    public const string QuestionMarker = "Ask the user the single most useful next question";

    public static string Question(string category, string status) => Role + $$"""

        {{QuestionMarker}} about the "{{category}}" category, which is {{status}}. Prefer a multiple-choice question with 2 to 5
        options and recommend one; use no options only when a short free answer is the only sensible kind. Answer with
        one JSON object and nothing else:
        {"key": string, "question": string, "options": [{"label": string, "value": string}], "recommended": number or null, "reason": string}
        "key" is the snake_case specification key the answer fills; each option's "value" is what the specification will say
        if the user picks it; "recommended" is the index (from 0) of the option you recommend; "reason" says why.
        """;

    public static ChatResponseFormat ReplyFormat { get; } = ChatResponseFormat.ForJsonSchema(Schema("""
        {"type": "object", "additionalProperties": false, "required": ["reply", "proposals"],
         "properties": {
           "reply": {"type": "string"},
           "proposals": {"type": "array", "items": {"type": "object", "additionalProperties": false,
             "required": ["category", "key", "value", "confidence", "rationale"],
             "properties": {"category": {"type": "string"}, "key": {"type": "string"}, "value": {"type": "string"},
                            "confidence": {"type": "number"}, "rationale": {"type": "string"}}}}}}
        """), "socratic_reply", "A reply to the user and the specifications it proposes.");

    public static ChatResponseFormat QuestionFormat { get; } = ChatResponseFormat.ForJsonSchema(Schema("""
        {"type": "object", "additionalProperties": false, "required": ["key", "question", "options", "recommended", "reason"],
         "properties": {
           "key": {"type": "string"}, "question": {"type": "string"}, "reason": {"type": "string"},
           "recommended": {"type": ["integer", "null"]},
           "options": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["label", "value"],
             "properties": {"label": {"type": "string"}, "value": {"type": "string"}}}}}}
        """), "socratic_question", "One clarifying question with its options.");

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
