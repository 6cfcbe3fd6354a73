using Socrates.Api.Http;
using Socrates.Api.Specifications;
using Socrates.Api.Workspace.Conversations;

namespace Socrates.Api.Workspace.Questions;

public sealed record NextQuestionRequest(Guid? ConversationId);

/// <param name="Source">"model" when a model wrote the question, "builtin" when it came from the built-in list.</param>
/// <param name="Warnings">Why a built-in question was asked although the project has a model (no key, budget, a failed call).</param>
public sealed record NextQuestionResponse(
    Guid ConversationId, Guid MessageId, string Category, string Key, string Question, IReadOnlyList<QuestionOption> Options, int? Recommended,
    string Reason, string Source, IReadOnlyList<string> Warnings)
{
    public static NextQuestionResponse From(Guid conversationId, Guid messageId, StoredQuestion q, IReadOnlyList<string> warnings) =>
        new(conversationId, messageId, q.Category, q.Key, q.Question, q.Options, q.Recommended, q.Reason, q.Source, warnings);
}

/// <summary>Either the index (from 0) of one of the question's options, or a free text answer.</summary>
public sealed record AnswerRequest(int? Option, string? Text) : IValidatable
{
    public Validator Validate()
    {
        var v = new Validator();
        if ((Option is null) == (Text is null))
        {
            return v.Add("option", "Give either 'option' (the index of one of the question's options) or 'text' (a free answer), not both.");
        }

        return v.NotBlank("text", Text, SendMessageRequest.MaxContentLength, TextKind.Multiline);
    }
}

/// <summary>An answer picked from the options: the specification it stored, the project's maturity before and after.</summary>
public sealed record OptionAnswer(Guid ConversationId, MessageResponse Message, SpecificationResponse Specification, int MaturityBefore, int MaturityAfter);
