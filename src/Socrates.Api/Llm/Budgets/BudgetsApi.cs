using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.Auth;
using Socrates.Api.Http;

namespace Socrates.Api.Llm.Budgets;

/// <summary>Monthly spending limits, overall and per project, that calls are held against.</summary>
public static class BudgetsApi
{
    public static IEndpointRouteBuilder MapLlmBudgets(this IEndpointRouteBuilder routes)
    {
        var llm = routes.MapGroup("/api/v1/llm").WithTags("LLM").RequireAuthorization().ProducesSignedInProblems();
        llm.MapPut("/budget", PutBudget).WithName("PutLlmBudget").WithSummary("Set a monthly budget for the account or a project")
            .WithDescription("A call that could take the month's spend past a budget is refused with 402 before anything is sent.")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        llm.MapGet("/budget", ListBudgets).WithName("ListLlmBudgets").WithSummary("Your budgets with this month's spend");
        return routes;
    }

    private static async Task<Results<Ok<BudgetResponse>, ValidationProblem, ProblemHttpResult>> PutBudget(
        BudgetRequest request, ClaimsPrincipal user, MonthlyBudgets budgets, CancellationToken ct) =>
        await budgets.SetAsync(user.Id(), request, ct) switch
        {
            (BudgetOutcome.Saved, { } budget) => TypedResults.Ok(budget),
            (BudgetOutcome.ProjectNotFound, _) => Problems.ProjectNotFound(request.ProjectId!.Value),
            _ => Problems.Conflict(MonthlyBudgets.ConflictDetail),
        };

    private static async Task<Ok<BudgetList>> ListBudgets(ClaimsPrincipal user, MonthlyBudgets budgets, CancellationToken ct) =>
        TypedResults.Ok(new BudgetList(await budgets.ListAsync(user.Id(), ct)));
}
