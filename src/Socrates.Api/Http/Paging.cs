namespace Socrates.Api.Http;

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>
    /// Far past any real listing, and low enough that the rows to skip, (page - 1) * page_size, stay well inside an
    /// int for every page size: past it the offset would wrap and a listing would answer another page, or fail.
    /// </summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The page number check every paged listing shares, whatever its page size is called.</summary>
    public static Validator CheckPage(this Validator validator, int page) =>
        page is < 1 or > MaxPage
            ? validator.Add("page", $"'page' must be between 1 and {MaxPage} (got {page}).")
            : validator;

    public static Validator CheckPaging(this Validator validator, int page, int pageSize)
    {
        validator.CheckPage(page);
        if (pageSize is < 1 or > MaxPageSize)
        {
            validator.Add("page_size", $"'page_size' must be between 1 and {MaxPageSize} (got {pageSize}).");
        }

        return validator;
    }
}
