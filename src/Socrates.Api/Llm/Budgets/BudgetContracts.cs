using Socrates.Api.Http;

namespace Socrates.Api.Llm.Budgets;

public sealed record BudgetRequest(decimal? MonthlyLimitUsd, Guid? ProjectId) : IValidatable
{
    public const decimal MaxLimitUsd = 1_000_000m;

    public Validator Validate()
    {
        var v = new Validator();
        if (MonthlyLimitUsd is null)
        {
            v.Add("monthly_limit_usd", "'monthly_limit_usd' is required (US dollars, e.g. 25.00).");
        }
        else if (MonthlyLimitUsd < 0 || MonthlyLimitUsd > MaxLimitUsd)
        {
            v.Add("monthly_limit_usd", $"'monthly_limit_usd' must be between 0 and {MaxLimitUsd} (got {MonthlyLimitUsd}).");
        }

        return v;
    }
}

public sealed record BudgetResponse(Guid? ProjectId, decimal MonthlyLimitUsd, decimal SpentThisMonthUsd, string Month);

public sealed record BudgetList(IReadOnlyList<BudgetResponse> Items);
