using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;

namespace Socrates.Api.Llm.Calls;

/// <summary>
/// The one place a call's money is accounted: each attempt becomes one usage row with its cost, and the call's
/// budget hold is settled once, with the sum of those costs, however the call ends.
/// </summary>
public sealed class CallLedger(PreparedCall call, UsageRecorder usage, BudgetGuard budgets, ModelCatalogue catalogue, TimeProvider time)
{
    private long _spent;
    private bool _settled;

    /// <summary>Null for a model the catalogue does not price; a failed attempt of a priced model costs a known $0.</summary>
    public long? CostOf(ChatTarget target, TokenCounts tokens) => Pricing.CostNanos(catalogue.Find(target.Provider, target.Model), tokens);

    /// <summary>
    /// Records one attempt that began at <paramref name="started"/> (a <see cref="TimeProvider"/> timestamp) and returns its
    /// cost once the row is journaled (UsageJournal), so that nothing the caller is told about can be lost with the process.
    /// </summary>
    public async Task<long?> RecordAsync(ChatTarget target, TokenCounts tokens, long started, string status, string? errorKind = null)
    {
        var cost = CostOf(target, tokens);
        _spent += cost ?? 0;
        await usage.RecordAsync(call.UserId, call.ProjectId, call.ConversationId, call.TokenId, target, tokens, cost, time.GetElapsedTime(started), status, errorKind);
        return cost;
    }

    /// <summary>Releases the call's hold and charges what its attempts cost; a second settle does nothing.</summary>
    public async Task SettleAsync()
    {
        if (_settled)
        {
            return;
        }

        _settled = true;
        await budgets.SettleAsync(call.Budget, _spent);
    }
}
