using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Socrates.Api.Workspace.Conversations;

/// <summary>
/// Pulls the text of the "reply" string out of a JSON answer while it streams, so a client is shown prose as it
/// arrives rather than JSON. An answer that does not open with '{' (or a code fence) is passed through as it is.
/// </summary>
public sealed partial class StreamedReplyText
{
    private enum State { Start, SeekingReply, InReply, Done, Plain }

    private readonly StringBuilder _text = new();
    private State _state = State.Start;
    private int _next;

    [GeneratedRegex("\"reply\"\\s*:\\s*\"")]
    private static partial Regex ReplyKey();

    /// <summary>Adds the next piece of the answer and returns the reply text it completes (possibly empty).</summary>
    public string Push(string piece)
    {
        _text.Append(piece);
        if (_state == State.Start)
        {
            var first = _text.ToString().TrimStart();
            if (first.Length == 0)
            {
                return "";
            }

            _state = first[0] is '{' or '`' ? State.SeekingReply : State.Plain;
        }

        if (_state == State.Plain)
        {
            var plain = _text.ToString(_next, _text.Length - _next);
            _next = _text.Length;
            return plain;
        }

        if (_state == State.SeekingReply)
        {
            var match = ReplyKey().Match(_text.ToString());
            if (!match.Success)
            {
                return "";
            }

            _next = match.Index + match.Length;
            _state = State.InReply;
        }

        return _state == State.InReply ? DecodeAvailable() : "";
    }

    /// <summary>Decodes the JSON string from where the last piece stopped, leaving an escape cut in half for the next piece.</summary>
    private string DecodeAvailable()
    {
        var decoded = new StringBuilder();
        while (_next < _text.Length)
        {
            var c = _text[_next];
            if (c == '"')
            {
                _state = State.Done;
                break;
            }

            if (c != '\\')
            {
                decoded.Append(c);
                _next++;
                continue;
            }

            if (_next + 1 >= _text.Length)
            {
                break;
            }

            var escaped = _text[_next + 1];
            if (escaped == 'u')
            {
                if (_next + 6 > _text.Length)
                {
                    break;
                }

                decoded.Append(int.TryParse(_text.ToString(_next + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) ? (char)code : '\uFFFD');
                _next += 6;
                continue;
            }

            decoded.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => escaped });
            _next += 2;
        }

        return decoded.ToString();
    }
}
