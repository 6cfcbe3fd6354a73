namespace Socrates.Api.Http;

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static Validator CheckPaging(this Validator validator, int page, int pageSize)
    {
        if (page < 1)
        {
            validator.Add("page", $"'page' starts at 1 (got {page}).");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            validator.Add("page_size", $"'page_size' must be between 1 and {MaxPageSize} (got {pageSize}).");
        }

        return validator;
    }
}
