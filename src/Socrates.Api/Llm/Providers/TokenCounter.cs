using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Socrates.Api.Llm.Providers;

/// <summary>
/// Counts tokens as a model would, for fitting a conversation into its context window and for the budget hold taken
/// before a call: one count serves both, so a call is held for what it will be sent. OpenAI's models (and gpt-oss)
/// use the o200k vocabulary and are counted exactly. Claude, Llama, Qwen and the others use vocabularies no package
/// here ships; for them the o200k count is raised by <see cref="OtherModelsMargin"/>, so the estimate errs towards
/// sending less, never more, than fits.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>
    /// Other tokenizers split English prose and code into up to about a fifth more tokens than o200k (Anthropic's own
    /// guidance for Claude puts a token at ~3.5 characters where o200k averages ~4); a quarter covers that with room.
    /// </summary>
    public const double OtherModelsMargin = 0.25;

    /// <summary>What each message adds beyond its text (role and separators), as OpenAI documents for its chat format.</summary>
    public const int PerMessage = 4;

    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public static bool IsExact(string provider, string model) =>
        provider == "openai" || model.StartsWith("gpt-", StringComparison.Ordinal);

    public int Count(string provider, string model, string text)
    {
        var count = O200k.CountTokens(text);
        return IsExact(provider, model) ? count : (int)Math.Ceiling(count * (1 + OtherModelsMargin));
    }

    public long Count(string provider, string model, IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => (long)Count(provider, model, m.Text) + PerMessage);
}
