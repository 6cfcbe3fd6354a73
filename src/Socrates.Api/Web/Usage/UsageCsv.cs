using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;

namespace Socrates.Api.Web.Usage;

/// <summary>The rows behind the usage page's chart of cost per day by provider, as a CSV download for the signed-in browser.</summary>
public static class UsageCsv
{
    public const string Path = "/usage/usage.csv";

    public static IEndpointRouteBuilder MapUsageCsv(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, Download).RequireAuthorization().ExcludeFromDescription();
        return routes;
    }

    /// <summary>The download link for a range, with the same query the page takes.</summary>
    public static string For(UsageRange range) => range.Preset == UsageRange.Custom
        ? string.Create(CultureInfo.InvariantCulture, $"{Path}?range={range.Preset}&from={range.First:yyyy-MM-dd}&to={range.Last:yyyy-MM-dd}")
        : $"{Path}?range={range.Preset}";

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> Download(
        ClaimsPrincipal user, SpecsDb db, UsageWriter writer, TimeProvider time, CancellationToken ct,
        string? range = null, string? from = null, string? to = null)
    {
        var validation = new Validator();
        if (UsageRange.Of(range, from, to, time.GetUtcNow(), validation) is not { } days)
        {
            return Problems.Invalid(validation.Errors);
        }

        await writer.FlushAsync(ct);
        var rows = await UsageStats.ByDayAndProviderAsync(db, user.Id(), null, days.From, days.To, ct);
        var name = string.Create(CultureInfo.InvariantCulture, $"usage-{days.First:yyyy-MM-dd}-to-{days.Last:yyyy-MM-dd}.csv");
        return TypedResults.File(Encoding.UTF8.GetBytes(Write(rows)), "text/csv; charset=utf-8", name);
    }

    /// <summary>One line per day and provider with any call; an empty cost with unpriced calls would read as free, so both are columns.</summary>
    public static string Write(IEnumerable<DailyProviderUsage> rows)
    {
        var csv = new StringBuilder("day,provider,calls,failed_calls,input_tokens,output_tokens,total_tokens,cost_usd,unpriced_calls\r\n");
        foreach (var (day, provider, t) in rows)
        {
            // Provider ids are the server's configuration ([a-z0-9-]): nothing here needs quoting.
            csv.Append(CultureInfo.InvariantCulture,
                $"{day:yyyy-MM-dd},{provider},{t.Calls},{t.FailedCalls},{t.InputTokens},{t.OutputTokens},{t.TotalTokens},{t.CostUsd},{t.UnpricedCalls}\r\n");
        }

        return csv.ToString();
    }
}
