using System.Collections.Concurrent;
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

    /// <summary>Texts shorter than this are counted each time: tokenizing them costs about what a cache lookup does.</summary>
    public const int CachedFrom = 48;

    /// <summary>
    /// The characters of text whose counts are kept. A project's context is rebuilt on every turn from mostly the same
    /// specification lines and documents, and tokenizing them is most of that work; past this size all are forgotten
    /// at once and the next builds count again.
    /// </summary>
    public const long CacheCharacters = 64L * 1024 * 1024;

    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _cachedCharacters;

    public static bool IsExact(string provider, string model) =>
        provider == "openai" || model.StartsWith("gpt-", StringComparison.Ordinal);

    public int Count(string provider, string model, string text) => Scale(provider, model, O200kCount(text));

    /// <summary>The count for <paramref name="model"/> of a text whose o200k count is <paramref name="o200k"/>.</summary>
    public static int Scale(string provider, string model, int o200k) =>
        IsExact(provider, model) ? o200k : (int)Math.Ceiling(o200k * (1 + OtherModelsMargin));

    public long Count(string provider, string model, IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => (long)Count(provider, model, m.Text) + PerMessage);

    /// <summary>
    /// At least the count <see cref="Count(string, string, string)"/> gives, without tokenizing: o200k's tokens are
    /// byte-level, so none is shorter than one UTF-8 byte.
    /// </summary>
    public static long AtMost(string provider, string model, string text) => ScaleAtMost(provider, model, System.Text.Encoding.UTF8.GetByteCount(text));

    /// <summary><see cref="AtMost"/> for a text of <paramref name="utf8Bytes"/> bytes.</summary>
    public static long ScaleAtMost(string provider, string model, long utf8Bytes) =>
        IsExact(provider, model) ? utf8Bytes : (long)Math.Ceiling(utf8Bytes * (1 + OtherModelsMargin));

    /// <summary>The text's o200k count, the base every model's count is scaled from.</summary>
    public int O200kCount(string text)
    {
        if (text.Length < CachedFrom)
        {
            return O200k.CountTokens(text);
        }

        if (_counts.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var count = O200k.CountTokens(text);
        if (Interlocked.Add(ref _cachedCharacters, text.Length) > CacheCharacters)
        {
            _counts.Clear();
            Interlocked.Exchange(ref _cachedCharacters, text.Length);
        }

        _counts[text] = count;
        return count;
    }
}
