using System.Globalization;
using System.Text;

namespace Socrates.Api.Export.Pdf;

/// <summary>
/// Contextual Arabic letter forms as Unicode presentation forms (U+FE70-U+FEFC), which the shipped Noto Sans
/// Arabic maps in its character table. Drawing the presentation form of each letter joins the letters as a reader
/// expects, and each glyph keeps a code point of its own, so text extraction gives letters that NFKC folds back to
/// the original text. The table is read from Unicode's own compatibility decompositions: each letter's forms
/// follow one another in the block as isolated, final, initial, medial.
/// </summary>
public static class ArabicShaping
{
    private const char Lam = '\u0644';

    private static readonly Dictionary<char, char[]> Forms = BuildForms();
    private static readonly Dictionary<char, char> LamAlef = new()
    {
        ['\u0622'] = '\uFEF5',
        ['\u0623'] = '\uFEF7',
        ['\u0625'] = '\uFEF9',
        ['\u0627'] = '\uFEFB',
    };

    /// <summary>
    /// The text elements of an Arabic run in logical order, each rewritten in its contextual form; a lam followed by
    /// an alef becomes one ligature element.
    /// </summary>
    public static List<string> Shape(IReadOnlyList<string> elements)
    {
        var shaped = new List<string>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            var letter = element[0];
            var joinsBefore = i > 0 && JoinsForward(elements[i - 1][0]);
            if (letter == Lam && i + 1 < elements.Count && LamAlef.TryGetValue(elements[i + 1][0], out var ligature))
            {
                // The ligature is isolated or final; its marks (from either letter) follow it.
                var sb = new StringBuilder().Append((char)(ligature + (joinsBefore ? 1 : 0)));
                sb.Append(element, 1, element.Length - 1).Append(elements[i + 1], 1, elements[i + 1].Length - 1);
                shaped.Add(sb.ToString());
                i++;
                continue;
            }

            if (!Forms.TryGetValue(letter, out var forms))
            {
                shaped.Add(element);
                continue;
            }

            var joinsAfter = forms.Length == 4 && i + 1 < elements.Count && JoinsBackward(elements[i + 1][0]);
            var form = (joinsBefore, joinsAfter) switch
            {
                (true, true) => 3,
                (false, true) => 2,
                (true, false) => 1,
                _ => 0,
            };
            shaped.Add(forms[Math.Min(form, forms.Length - 1)] + element[1..]);
        }

        return shaped;
    }

    /// <summary>Letters that connect to the letter after them: those with initial and medial forms, and the tatweel.</summary>
    private static bool JoinsForward(char c) => c == '\u0640' || (Forms.TryGetValue(c, out var forms) && forms.Length == 4);

    private static bool JoinsBackward(char c) => c == '\u0640' || (Forms.TryGetValue(c, out var forms) && forms.Length >= 2);

    private static Dictionary<char, char[]> BuildForms()
    {
        var forms = new Dictionary<char, List<char>>();
        for (var c = '\uFE80'; c <= '\uFEF4'; c++)
        {
            var decomposed = c.ToString().Normalize(NormalizationForm.FormKC);
            if (decomposed.Length == 1 && CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) == UnicodeCategory.OtherLetter)
            {
                if (!forms.TryGetValue(decomposed[0], out var list))
                {
                    forms[decomposed[0]] = list = [];
                }

                list.Add(c);
            }
        }

        return forms.ToDictionary(f => f.Key, f => f.Value.ToArray());
    }
}
