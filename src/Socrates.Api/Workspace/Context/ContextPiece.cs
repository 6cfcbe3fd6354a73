using System.Text;
using Socrates.Api.Llm.Providers;

namespace Socrates.Api.Workspace.Context;

/// <summary>
/// A whole piece of a prompt: a specification's line, a document, an earlier message. Its size is worked out only when
/// trimming needs it and then kept, since tokenizing is most of what a large project's context costs.
/// </summary>
/// <remarks>Shared by concurrent builds: each size is an int written whole, and two builds working it out together agree.</remarks>
public sealed class ContextPiece(string text)
{
    private int _o200k = -1;
    private int _utf8Bytes = -1;

    public string Text => text;

    /// <summary>Its tokens for <paramref name="provider"/>/<paramref name="model"/>, plus <paramref name="separator"/>.</summary>
    public int Tokens(TokenCounter counter, string provider, string model, int separator)
    {
        if (_o200k < 0)
        {
            _o200k = counter.O200kCount(text);
        }

        return TokenCounter.Scale(provider, model, _o200k) + separator;
    }

    /// <summary>At least <see cref="Tokens"/>, from its length alone (<see cref="TokenCounter.AtMost"/>).</summary>
    public long AtMost(string provider, string model, int separator)
    {
        if (_o200k >= 0)
        {
            return TokenCounter.Scale(provider, model, _o200k) + separator;
        }

        if (_utf8Bytes < 0)
        {
            _utf8Bytes = Encoding.UTF8.GetByteCount(text);
        }

        return TokenCounter.ScaleAtMost(provider, model, _utf8Bytes) + separator;
    }
}
