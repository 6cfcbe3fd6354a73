using Microsoft.AspNetCore.Http.HttpResults;

namespace Socrates.Api.Llm;

/// <summary>Why a call could not be made or did not succeed, worded for the caller, never with a stack trace.</summary>
public sealed record LlmProblem(int Status, string Title, string Detail, IDictionary<string, object?>? Extensions = null)
{
    public ProblemHttpResult ToResult() =>
        TypedResults.Problem(detail: Detail, statusCode: Status, title: Title, extensions: Extensions);

    public static LlmProblem MissingKey(string provider) => new(
        StatusCodes.Status400BadRequest,
        "No API key for the provider",
        $"There is no API key for '{provider}': add yours with POST /api/v1/llm/api-keys {{\"provider\": \"{provider}\", \"api_key\": \"...\"}}, " +
        $"ask the operator to configure a system key (Llm:Providers:{provider}:ApiKey), or choose another model with POST /api/v1/projects/{{id}}/set-llm.",
        new Dictionary<string, object?> { ["provider"] = provider });

    public static LlmProblem UnreadableKey(ApiKeyUnreadableException e) => new(
        // 409 as everywhere else a stored key cannot be decrypted (ProblemDetailsExceptionHandler).
        StatusCodes.Status409Conflict,
        "Stored API key unreadable",
        e.Message + " Nothing was sent to the provider.",
        new Dictionary<string, object?> { ["provider"] = e.Provider });

    public static LlmProblem OverBudget(BudgetExceeded over) => new(
        StatusCodes.Status402PaymentRequired,
        "Monthly LLM budget reached",
        $"The {(over.ProjectId is null ? "monthly" : "project's monthly")} budget of ${over.LimitUsd} is used up: ${over.SpentUsd} spent this month" +
        $"{(over.ReservedUsd > 0 ? $" and ${over.ReservedUsd} held by calls in progress" : "")}. Raise it with PUT /api/v1/llm/budget or wait for next month.",
        new Dictionary<string, object?>
        {
            ["limit_usd"] = over.LimitUsd,
            ["spent_usd"] = over.SpentUsd,
            ["reserved_usd"] = over.ReservedUsd,
            ["project_id"] = over.ProjectId,
        });
}
