using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm.Budgets;

/// <summary>What setting a budget came to: the budget, or why nothing was saved.</summary>
public enum BudgetOutcome
{
    Saved,
    ProjectNotFound,
    Conflict,
}

/// <summary>A user's monthly budgets as they read and set them, for the JSON API and the web pages alike.</summary>
public sealed class MonthlyBudgets(SpecsDb db, UsageWriter writer, CallSettingsCache lookups, TimeProvider time)
{
    public const string ConflictDetail = "Another request set this budget at the same moment; nothing was saved. Try again.";

    /// <summary>Sets the user-wide budget (no project) or a project's; the request must already be valid.</summary>
    public async Task<(BudgetOutcome Outcome, BudgetResponse? Budget)> SetAsync(Guid userId, BudgetRequest request, CancellationToken ct)
    {
        if (request.ProjectId is { } projectId && !await db.OwnsAsync(projectId, userId, ct))
        {
            return (BudgetOutcome.ProjectNotFound, null);
        }

        var scope = request.ProjectId ?? Guid.Empty;
        var now = time.GetUtcNow();
        var period = LlmBudget.PeriodOf(now);
        var budget = await db.Set<LlmBudget>().FirstOrDefaultAsync(b => b.UserId == userId && b.ProjectId == scope, ct);
        if (budget is null || budget.Period != period)
        {
            // A new budget, or the first touch this month: this month's spend so far comes from the daily rollup.
            await writer.FlushAsync(ct);
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
            db.ChangeTracker.Clear();
            return (BudgetOutcome.Conflict, null);
        }

        await lookups.ForgetBudgetsAsync(userId);
        return (BudgetOutcome.Saved, ToResponse(budget));
    }

    /// <summary>The user's budgets with this month's spend (zero for one untouched since an earlier month), user-wide first.</summary>
    public async Task<IReadOnlyList<BudgetResponse>> ListAsync(Guid userId, CancellationToken ct)
    {
        var period = LlmBudget.PeriodOf(time.GetUtcNow());
        var budgets = await db.Set<LlmBudget>().AsNoTracking().Where(b => b.UserId == userId).ToListAsync(ct);
        return [.. budgets
            .Select(b => b.Period == period ? b : new LlmBudget { Id = b.Id, UserId = b.UserId, ProjectId = b.ProjectId, LimitNanos = b.LimitNanos, Period = period })
            .OrderBy(b => b.ProjectId)
            .Select(ToResponse)];
    }

    private static BudgetResponse ToResponse(LlmBudget b) => new(
        b.ProjectId == Guid.Empty ? null : b.ProjectId,
        Pricing.Dollars(b.LimitNanos)!.Value,
        Pricing.Dollars(b.SpentNanos)!.Value,
        string.Create(CultureInfo.InvariantCulture, $"{b.Period / 100:D4}-{b.Period % 100:D2}"));
}
