using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm.Budgets;

/// <summary>Monthly spending limits, overall and per project, that calls are held against.</summary>
public static class BudgetsApi
{
    public static IEndpointRouteBuilder MapLlmBudgets(this IEndpointRouteBuilder routes)
    {
        var llm = routes.MapGroup("/api/v1/llm").WithTags("LLM").RequireAuthorization();
        llm.MapPut("/budget", PutBudget).WithName("PutLlmBudget");
        llm.MapGet("/budget", ListBudgets).WithName("ListLlmBudgets");
        return routes;
    }

    private static async Task<Results<Ok<BudgetResponse>, ValidationProblem, ProblemHttpResult>> PutBudget(
        BudgetRequest request, ClaimsPrincipal user, SpecsDb db, CallSettingsCache lookups, TimeProvider time, CancellationToken ct)
    {
        var userId = user.Id();
        if (request.ProjectId is { } projectId && !await db.OwnsAsync(projectId, userId, ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var scope = request.ProjectId ?? Guid.Empty;
        var now = time.GetUtcNow();
        var period = LlmBudget.PeriodOf(now);
        var budget = await db.Set<LlmBudget>().FirstOrDefaultAsync(b => b.UserId == userId && b.ProjectId == scope, ct);
        if (budget is null || budget.Period != period)
        {
            // A new budget, or the first touch this month: this month's spend so far comes from the daily rollup.
            var monthStart = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
            var usage = db.Set<LlmUsageDaily>().Where(d => d.UserId == userId && d.Day >= monthStart);
            if (request.ProjectId is { } p)
            {
                usage = usage.Where(d => d.ProjectId == p);
            }

            var spent = await usage.SumAsync(d => d.CostNanos, ct);
            if (budget is null)
            {
                budget = new LlmBudget { Id = Guid.CreateVersion7(), UserId = userId, ProjectId = scope };
                db.Set<LlmBudget>().Add(budget);
            }

            budget.Period = period;
            budget.SpentNanos = spent;
            budget.ReservedNanos = 0;
        }

        budget.LimitNanos = Pricing.Nanos(request.MonthlyLimitUsd!.Value);
        budget.UpdatedAt = now.UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict("Another request set this budget at the same moment; nothing was saved. Try again.");
        }

        await lookups.ForgetBudgetsAsync(userId);

        return TypedResults.Ok(ToResponse(budget));
    }

    private static async Task<Ok<BudgetList>> ListBudgets(ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var userId = user.Id();
        var period = LlmBudget.PeriodOf(time.GetUtcNow());
        var budgets = await db.Set<LlmBudget>().AsNoTracking().Where(b => b.UserId == userId).ToListAsync(ct);
        return TypedResults.Ok(new BudgetList([.. budgets
            .Select(b => b.Period == period ? b : new LlmBudget { Id = b.Id, UserId = b.UserId, ProjectId = b.ProjectId, LimitNanos = b.LimitNanos, Period = period })
            .OrderBy(b => b.ProjectId)
            .Select(ToResponse)]));
    }

    private static BudgetResponse ToResponse(LlmBudget b) => new(
        b.ProjectId == Guid.Empty ? null : b.ProjectId,
        Pricing.Dollars(b.LimitNanos)!.Value,
        Pricing.Dollars(b.SpentNanos)!.Value,
        string.Create(CultureInfo.InvariantCulture, $"{b.Period / 100:D4}-{b.Period % 100:D2}"));
}
