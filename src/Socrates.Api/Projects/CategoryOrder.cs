namespace Socrates.Api.Projects;

/// <summary>Core categories first, in the order a specification is usually written; the rest alphabetically after them.</summary>
public static class CategoryOrder
{
    public static int Rank(string category)
    {
        var index = Maturity.CoreCategories.IndexOf(category);
        return index < 0 ? Maturity.CoreCategories.Count : index;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
