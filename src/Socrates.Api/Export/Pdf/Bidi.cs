namespace Socrates.Api.Export.Pdf;

/// <summary>How a piece of text takes part in the bidirectional algorithm: a strong letter, a number, or neither.</summary>
public enum BidiClass
{
    Left,
    Right,
    Number,
    Neutral,
}

/// <summary>
/// The part of the Unicode bidirectional algorithm (UAX #9) that plain paragraphs need, over pieces of text rather
/// than characters: the paragraph's direction from its first strong letter (P2, P3), numbers after a left-to-right
/// letter taking its direction (W7), neutrals between two pieces of one direction taking it and the others the
/// paragraph's (N1, N2), embedding levels (I1, I2), the visual order (L2) and the brackets a right-to-left level
/// shows mirrored (L4). Explicit embeddings and isolates are not supported: the export never writes them.
/// </summary>
public static class Bidi
{
    private static readonly HashSet<char> Mirrored = ['(', ')', '[', ']', '{', '}', '<', '>', '«', '»', '‹', '›'];

    /// <summary>Whether a paragraph made of <paramref name="spans"/> reads right to left: its first strong letter is Arabic or Hebrew.</summary>
    public static bool IsRightToLeft(IEnumerable<Span> spans)
    {
        foreach (var span in spans)
        {
            if (StrongClass(span.Text) is { } strong)
            {
                return strong == BidiClass.Right;
            }
        }

        return false;
    }

    /// <summary>
    /// A word's class: its first strong letter's direction; a number if it is digits and separators; otherwise
    /// neutral, so a word such as "2]" takes its neighbours' direction and is ordered, bracket mirrored, within itself.
    /// </summary>
    public static BidiClass ClassOf(string text) =>
        StrongClass(text) ?? (text.Any(char.IsDigit) && text.All(c => char.IsDigit(c) || c is '.' or ',' or ':' or '/' or '%' or '+' or '-') ? BidiClass.Number : BidiClass.Neutral);

    /// <summary>Characters drawn as their mirror image at a right-to-left level: an opening bracket there opens to the left.</summary>
    public static bool IsMirrored(string text) => text.Length == 1 && Mirrored.Contains(text[0]);

    /// <summary>The embedding level of each piece: even levels run left to right, odd ones right to left.</summary>
    public static int[] Levels(IReadOnlyList<BidiClass> classes, bool rightToLeft)
    {
        var paragraph = rightToLeft ? BidiClass.Right : BidiClass.Left;
        var resolved = new BidiClass[classes.Count];
        var lastStrong = paragraph;
        for (var i = 0; i < classes.Count; i++)
        {
            var c = classes[i];
            if (c is BidiClass.Left or BidiClass.Right)
            {
                lastStrong = c;
            }

            resolved[i] = c == BidiClass.Number && lastStrong == BidiClass.Left ? BidiClass.Left : c;
        }

        for (var i = 0; i < resolved.Length;)
        {
            if (resolved[i] != BidiClass.Neutral)
            {
                i++;
                continue;
            }

            var end = i;
            while (end < resolved.Length && resolved[end] == BidiClass.Neutral)
            {
                end++;
            }

            var before = i > 0 ? AsStrong(resolved[i - 1]) : paragraph;
            var after = end < resolved.Length ? AsStrong(resolved[end]) : paragraph;
            Array.Fill(resolved, before == after ? before : paragraph, i, end - i);
            i = end;
        }

        return [.. resolved.Select(c => (c, rightToLeft) switch
        {
            (BidiClass.Left, false) => 0,
            (BidiClass.Right, _) => 1,
            _ => 2,
        })];
    }

    /// <summary>The pieces' indices from left to right: each run at or above a level is reversed, from the highest level down to 1.</summary>
    public static int[] VisualOrder(int[] levels)
    {
        var order = Enumerable.Range(0, levels.Length).ToArray();
        var highest = levels.Length == 0 ? 0 : levels.Max();
        for (var level = highest; level >= 1; level--)
        {
            for (var i = 0; i < order.Length;)
            {
                if (levels[order[i]] < level)
                {
                    i++;
                    continue;
                }

                var end = i;
                while (end < order.Length && levels[order[end]] >= level)
                {
                    end++;
                }

                Array.Reverse(order, i, end - i);
                i = end;
            }
        }

        return order;
    }

    /// <summary>For neutrals, a number counts as right to left (N1).</summary>
    private static BidiClass AsStrong(BidiClass c) => c == BidiClass.Number ? BidiClass.Right : c;

    private static BidiClass? StrongClass(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                return FontLibrary.IsRightToLeft(FontLibrary.ScriptOf(c)) ? BidiClass.Right : BidiClass.Left;
            }
        }

        return null;
    }
}
