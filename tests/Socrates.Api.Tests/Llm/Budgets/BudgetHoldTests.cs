using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Budgets;

/// <summary>
/// Budget holds whose calls never settle. The sweeps here are run with explicit times well past real expiry; the
/// class has its own app (and database), so no other test's call in flight is swept by them.
/// </summary>
public abstract class BudgetHoldTests(SocratesApp app) : LlmTestBase(app)
{
    /// <summary>A new app of this provider, without fakes, not started.</summary>
    protected abstract SocratesApp NewApp();

    private TimeProvider Time => App.Services.GetRequiredService<TimeProvider>();

    private TimeSpan Lifetime => App.Services.GetRequiredService<IOptionsMonitor<LlmCallOptions>>().CurrentValue.EffectiveHoldLifetime;

    private Guid ThisInstance => App.Services.GetRequiredService<InstanceHeartbeat>().Id;

    private TimeSpan StaleAfter => App.Services.GetRequiredService<IOptionsMonitor<LlmCallOptions>>().CurrentValue.InstanceStaleAfter;

    private DateTimeOffset AfterEveryHoldExpired => Time.GetUtcNow() + Lifetime + TimeSpan.FromSeconds(1);

    private async Task<(Guid ProjectId, Guid BudgetId)> BudgetedProjectAsync(UserSession user, decimal limitUsd)
    {
        var projectId = await ProjectUsingAsync(user.Client, "claude", "claude-sonnet-4-5");
        await (await user.Client.PutJsonAsync("/api/v1/llm/budget", new { monthly_limit_usd = limitUsd })).ExpectAsync(HttpStatusCode.OK);
        return (projectId, (await BudgetAsync(user.Id)).Id);
    }

    private async Task<LlmBudget> BudgetAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<LlmBudget>().AsNoTracking()
            .SingleAsync(b => b.UserId == userId && b.ProjectId == Guid.Empty);
    }

    private async Task<List<LlmBudgetHold>> HoldsAsync(Guid budgetId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<LlmBudgetHold>().AsNoTracking()
            .Where(h => h.BudgetId == budgetId).ToListAsync();
    }

    /// <summary>A call that reserves and then dies with its process: its scope is gone and nothing will settle it.</summary>
    private async Task<BudgetReservation> ReserveAndDieAsync(Guid userId, Guid projectId, long estimateNanos)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var budgets = await scope.ServiceProvider.GetRequiredService<CallSettingsCache>().GoverningBudgetsAsync(userId, projectId, CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<BudgetGuard>().ReserveAsync(budgets, estimateNanos, CancellationToken.None);
    }

    /// <summary>One server's sweep at the given time, with this server alive: only expired holds are released.</summary>
    private async Task<int> SweepAsync(DateTimeOffset now)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BudgetGuard>().ReleaseDeadAsync(now, Time.GetUtcNow() - StaleAfter, CancellationToken.None);
    }

    private async Task SettleAsync(BudgetReservation reservation, long actualNanos)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BudgetGuard>().SettleAsync(reservation, actualNanos);
    }

    private async Task UpdateAsync<T>(Func<IQueryable<T>, Task<int>> update) where T : class
    {
        await using var scope = App.Services.CreateAsyncScope();
        Assert.Equal(1, await update(scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<T>()));
    }

    [Fact]
    public async Task A_hold_left_by_a_dead_call_blocks_the_budget_until_it_expires_then_the_sweeper_releases_it()
    {
        var user = await NewUserAsync();
        var limit = Pricing.Nanos(0.0001m);
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 0.0001m);
        var before = Time.GetUtcNow();
        var dead = await ReserveAndDieAsync(user.Id, projectId, limit);

        // Nothing was spent, but the dead call's hold fills the budget.
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectProblemAsync(HttpStatusCode.PaymentRequired);
        var hold = Assert.Single(await HoldsAsync(budgetId));
        Assert.Equal((dead.Id, dead.Period, limit), (hold.ReservationId, hold.Period, hold.EstimateNanos));
        Assert.InRange(hold.ExpiresAt, (before + Lifetime).UtcDateTime.AddMilliseconds(-1), (Time.GetUtcNow() + Lifetime).UtcDateTime);

        Assert.Equal(0, await SweepAsync(hold.ExpiresAt.AddSeconds(-1)));
        Assert.Equal(limit, (await BudgetAsync(user.Id)).ReservedNanos);
        Assert.Single(await HoldsAsync(budgetId));

        Assert.Equal(1, await SweepAsync(hold.ExpiresAt));
        var released = await BudgetAsync(user.Id);
        Assert.Equal((0L, 0L), (released.ReservedNanos, released.SpentNanos));
        Assert.Empty(await HoldsAsync(budgetId));

        // The budget works again, and a call that settles leaves no hold behind.
        await (await user.Client.PostJsonAsync($"/api/v1/projects/{projectId}/chat", Chat(Say(null, out _)))).ExpectAsync(HttpStatusCode.OK);
        var settled = await BudgetAsync(user.Id);
        Assert.Equal((0L, Pricing.Nanos(ClaudeSonnetCost)), (settled.ReservedNanos, settled.SpentNanos));
        Assert.Empty(await HoldsAsync(budgetId));
    }

    [Fact]
    public async Task A_call_settling_after_the_sweeper_released_its_hold_adds_its_cost_but_releases_nothing_again()
    {
        var user = await NewUserAsync();
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 1m);
        var slow = await ReserveAndDieAsync(user.Id, projectId, 1_000);
        Assert.Equal(1, await SweepAsync(AfterEveryHoldExpired));
        var other = await ReserveAndDieAsync(user.Id, projectId, 5_000);

        // The call was not dead after all, only slower than its lease.
        await SettleAsync(slow, 300);

        var budget = await BudgetAsync(user.Id);
        Assert.Equal((5_000L, 300L), (budget.ReservedNanos, budget.SpentNanos));
        Assert.Equal(other.Id, Assert.Single(await HoldsAsync(budgetId)).ReservationId);

        await SettleAsync(other, 700);
        budget = await BudgetAsync(user.Id);
        Assert.Equal((0L, 1_000L), (budget.ReservedNanos, budget.SpentNanos));
        Assert.Empty(await HoldsAsync(budgetId));
    }

    [Fact]
    public async Task Two_sweepers_at_once_release_each_expired_hold_exactly_once()
    {
        const int dead = 40;
        var user = await NewUserAsync();
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 1m);
        for (var i = 0; i < dead; i++)
        {
            await ReserveAndDieAsync(user.Id, projectId, 1_000);
        }

        // One call is still within its lease; a hold released twice would eat into its estimate.
        var alive = await ReserveAndDieAsync(user.Id, projectId, 1_000);
        var farFuture = Time.GetUtcNow().UtcDateTime.AddDays(1) + Lifetime;
        await UpdateAsync<LlmBudgetHold>(holds => holds.Where(h => h.ReservationId == alive.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.ExpiresAt, farFuture)));
        Assert.Equal((dead + 1) * 1_000L, (await BudgetAsync(user.Id)).ReservedNanos);

        var at = AfterEveryHoldExpired;
        var released = await Task.WhenAll(Task.Run(() => SweepAsync(at)), Task.Run(() => SweepAsync(at)));

        Assert.Equal(dead, released.Sum());
        Assert.Equal(1_000L, (await BudgetAsync(user.Id)).ReservedNanos);
        Assert.Equal(alive.Id, Assert.Single(await HoldsAsync(budgetId)).ReservationId);
    }

    [Fact]
    public async Task Holds_from_last_month_are_not_released_from_this_months_counters_but_their_calls_cost_counts_now()
    {
        var user = await NewUserAsync();
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 1m);
        var dead = await ReserveAndDieAsync(user.Id, projectId, 1_000);
        var late = await ReserveAndDieAsync(user.Id, projectId, 2_000);

        // The month turns and a new call restarts the counters with a hold of its own.
        var next = dead.Period % 100 == 12 ? dead.Period + 89 : dead.Period + 1;
        await UpdateAsync<LlmBudget>(budgets => budgets.Where(b => b.Id == budgetId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Period, next).SetProperty(b => b.SpentNanos, 0).SetProperty(b => b.ReservedNanos, 7_000)));

        // A call from last month ends now, and the sweeper finds last month's dead call.
        await SettleAsync(late, 500);
        Assert.Equal(1, await SweepAsync(AfterEveryHoldExpired));

        var budget = await BudgetAsync(user.Id);
        Assert.Equal((next, 7_000L, 500L), (budget.Period, budget.ReservedNanos, budget.SpentNanos));
        Assert.Empty(await HoldsAsync(budgetId));
    }

    [Fact]
    public async Task A_call_that_ends_in_a_new_month_starts_that_months_counters_with_its_cost()
    {
        var user = await NewUserAsync();
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 1m);
        var started = await ReserveAndDieAsync(user.Id, projectId, 1_000);

        // The call began last month, with last month's spend on the row, and nothing has touched the row since.
        var last = started.Period % 100 == 1 ? started.Period - 89 : started.Period - 1;
        await UpdateAsync<LlmBudget>(budgets => budgets.Where(b => b.Id == budgetId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Period, last).SetProperty(b => b.SpentNanos, 900_000)));
        await UpdateAsync<LlmBudgetHold>(holds => holds.Where(h => h.ReservationId == started.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Period, last)));

        await SettleAsync(started with { Period = last }, 500);

        var budget = await BudgetAsync(user.Id);
        Assert.Equal((started.Period, 0L, 500L), (budget.Period, budget.ReservedNanos, budget.SpentNanos));
        Assert.Empty(await HoldsAsync(budgetId));
    }

    [Fact]
    public async Task The_background_sweeper_releases_an_expired_hold_on_its_own()
    {
        var user = await NewUserAsync();
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 1m);
        var dead = await ReserveAndDieAsync(user.Id, projectId, 1_000);
        var expired = Time.GetUtcNow().UtcDateTime.AddSeconds(-1);
        await UpdateAsync<LlmBudgetHold>(holds => holds.Where(h => h.ReservationId == dead.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.ExpiresAt, expired)));

        // The test apps sweep every quarter of a second (FakeLlmSetup).
        var deadline = Time.GetUtcNow() + TimeSpan.FromSeconds(15);
        while ((await BudgetAsync(user.Id)).ReservedNanos != 0 && Time.GetUtcNow() < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0L, (await BudgetAsync(user.Id)).ReservedNanos);
        Assert.Empty(await HoldsAsync(budgetId));
    }

    [Fact]
    public async Task Holds_of_a_server_that_stopped_beating_or_shut_down_are_released_at_once_and_a_live_servers_are_kept()
    {
        var user = await NewUserAsync();
        var (projectId, budgetId) = await BudgetedProjectAsync(user, 1m);
        var live = await ReserveAndDieAsync(user.Id, projectId, 1_000);
        var crashed = await ReserveAndDieAsync(user.Id, projectId, 2_000);
        var shutDown = await ReserveAndDieAsync(user.Id, projectId, 4_000);
        var unknown = await ReserveAndDieAsync(user.Id, projectId, 8_000);
        Assert.All(await HoldsAsync(budgetId), h => Assert.Equal(ThisInstance, h.InstanceId));

        // One server last beat just over InstanceStaleAfter ago; another removed its row as it stopped; a hold made
        // before servers were recorded names none.
        var crashedInstance = Guid.CreateVersion7();
        var lastBeat = (Time.GetUtcNow() - StaleAfter - TimeSpan.FromSeconds(1)).UtcDateTime;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
            db.Set<ServerInstance>().Add(new ServerInstance { Id = crashedInstance, StartedAt = lastBeat, HeartbeatAt = lastBeat });
            await db.SaveChangesAsync();
        }

        foreach (var (reservation, instance) in new[] { (crashed, crashedInstance), (shutDown, Guid.CreateVersion7()), (unknown, Guid.Empty) })
        {
            await UpdateAsync<LlmBudgetHold>(holds => holds.Where(h => h.ReservationId == reservation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.InstanceId, instance)));
        }

        // The background sweeper (every quarter of a second here) finds them long before they expire.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await BudgetAsync(user.Id)).ReservedNanos != 9_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(9_000L, (await BudgetAsync(user.Id)).ReservedNanos);
        Assert.Equal([live.Id, unknown.Id], (await HoldsAsync(budgetId)).Select(h => h.ReservationId).Order());
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var instances = await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<ServerInstance>().Select(i => i.Id).ToListAsync();
            Assert.DoesNotContain(crashedInstance, instances);
            Assert.Contains(ThisInstance, instances);
        }

        // The other tests sweep at times past every lease: they must find only holds of their own.
        await SettleAsync(live, 0);
        await SettleAsync(unknown, 0);
    }

    [Fact]
    public async Task A_server_refreshes_its_instance_row_while_it_runs_and_removes_it_when_it_stops()
    {
        await using var other = NewApp();
        other.Set("ConnectionStrings:Auth", App.Setting("ConnectionStrings:Auth"))
            .Set("ConnectionStrings:Specs", App.Setting("ConnectionStrings:Specs"))
            // Beats often, but takes others for dead no sooner than this app does: its sweeper shares the database.
            .Set("Llm:Calls:HeartbeatInterval", "00:00:00.100");
        await other.InitializeAsync();
        var id = other.Services.GetRequiredService<InstanceHeartbeat>().Id;

        var first = await InstanceAsync(id);
        Assert.NotNull(first);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var later = first;
        while (later!.HeartbeatAt == first.HeartbeatAt && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            later = await InstanceAsync(id);
        }

        Assert.True(later.HeartbeatAt > first.HeartbeatAt, "The instance row was not refreshed.");
        Assert.Equal(first.StartedAt, later.StartedAt);

        await other.DisposeAsync();
        Assert.Null(await InstanceAsync(id));
    }

    private async Task<ServerInstance?> InstanceAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<ServerInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id);
    }
}

public sealed class BudgetHoldsOnSqlite(SqliteApp<LlmSetup> app) : BudgetHoldTests(app), IClassFixture<SqliteApp<LlmSetup>>
{
    protected override SocratesApp NewApp() => new SqliteApp();
}

public sealed class BudgetHoldsOnPostgres(PostgresApp<LlmSetup> app) : BudgetHoldTests(app), IClassFixture<PostgresApp<LlmSetup>>
{
    protected override SocratesApp NewApp() => new PostgresApp();
}
