using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Persistence;

public sealed class ReadThroughCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(40);

    private readonly ManualClock _clock = new();

    // The "database": one row, read as it is when a load begins; a load waits on the gate when there is one.
    private string? _row = "a";
    private int _loads;
    private TaskCompletionSource? _gate;
    private bool _failing;

    private async Task<string?> Load(int key, CancellationToken ct)
    {
        Interlocked.Increment(ref _loads);
        var row = _row;
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(ct);
        }

        return _failing ? throw new InvalidOperationException("database down") : row;
    }

    private ReadThroughCache<int, string> Cache(TimeSpan? lifetime = null) => new(lifetime ?? Lifetime, _clock, Load);

    [Fact]
    public async Task A_value_is_read_once_then_served_from_memory()
    {
        var cache = Cache();

        Assert.Equal("a", await cache.GetAsync(1, default));
        _row = "b";
        _clock.Now += Lifetime * 0.7;
        Assert.Equal("a", await cache.GetAsync(1, default));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task An_expired_value_is_read_again()
    {
        var cache = Cache();
        await cache.GetAsync(1, default);
        _row = "b";

        _clock.Now += Lifetime;

        Assert.Equal("b", await cache.GetAsync(1, default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task Late_in_its_life_a_value_is_still_served_while_one_background_read_replaces_it()
    {
        var cache = Cache();
        await cache.GetAsync(1, default);
        _row = "b";
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _clock.Now += Lifetime * 0.8;

        // Neither caller waits for the database, and they start one read between them.
        Assert.Equal("a", await cache.GetAsync(1, default));
        Assert.Equal("a", await cache.GetAsync(1, default));
        Assert.Equal(2, _loads);

        _gate.SetResult();
        await WaitUntilAsync(async () => await cache.GetAsync(1, default) == "b");

        // The refreshed value has a whole lifetime of its own: past the old expiry, nothing is read.
        _clock.Now += Lifetime * 0.5;
        Assert.Equal("b", await cache.GetAsync(1, default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task Callers_that_miss_together_share_one_read()
    {
        var cache = Cache();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 50).Select(_ => cache.GetAsync(1, default)).ToList();
        _gate.SetResult();

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal("a", value));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_read_for_the_others()
    {
        var cache = Cache();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var leaving = new CancellationTokenSource();

        var left = cache.GetAsync(1, leaving.Token);
        var stayed = cache.GetAsync(1, default);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);

        _gate.SetResult();
        Assert.Equal("a", await stayed);
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task Invalidate_makes_the_next_read_go_to_the_database()
    {
        var cache = Cache();
        await cache.GetAsync(1, default);
        _row = "new";

        cache.Invalidate(1);

        Assert.Equal("new", await cache.GetAsync(1, default));
        _row = "newer";
        Assert.Equal("new", await cache.GetAsync(1, default));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_that_began_before_a_write_is_not_kept_after_it(bool warm)
    {
        var cache = Cache();
        if (warm)
        {
            await cache.GetAsync(1, default);
            cache.Invalidate(1);
        }

        // The read gets the row as it was; the write commits and invalidates while the read is still on its way back.
        _row = "stale";
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = cache.GetAsync(1, default);
        _row = "fresh";
        cache.Invalidate(1);

        // A caller after the write does not join the read from before it.
        var after = cache.GetAsync(1, default);
        _gate.SetResult();
        Assert.Equal("stale", await read);
        Assert.Equal("fresh", await after);
        Assert.Equal("fresh", await cache.GetAsync(1, default));
    }

    [Fact]
    public async Task A_background_read_overtaken_by_a_write_is_not_kept()
    {
        var cache = Cache();
        await cache.GetAsync(1, default);
        _clock.Now += Lifetime * 0.8;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await cache.GetAsync(1, default);
        Assert.Equal(2, _loads);

        _row = "written";
        cache.Invalidate(1);
        _gate.SetResult();
        _gate = null;

        Assert.Equal("written", await cache.GetAsync(1, default));
        await Task.Delay(50);
        Assert.Equal("written", await cache.GetAsync(1, default));
    }

    [Fact]
    public async Task A_failed_read_reaches_its_callers_and_the_next_call_reads_again()
    {
        var cache = Cache();
        _failing = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(1, default));

        _failing = false;
        Assert.Equal("a", await cache.GetAsync(1, default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task A_failed_background_read_leaves_the_value_until_it_expires()
    {
        var cache = Cache();
        await cache.GetAsync(1, default);
        _failing = true;
        _clock.Now += Lifetime * 0.8;

        Assert.Equal("a", await cache.GetAsync(1, default));
        await WaitUntilAsync(() => Task.FromResult(_loads == 2));
        Assert.Equal("a", await cache.GetAsync(1, default));

        _clock.Now += Lifetime * 0.2;
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(1, default));
    }

    [Fact]
    public async Task Not_found_is_never_kept()
    {
        var cache = Cache();
        _row = null;

        Assert.Null(await cache.GetAsync(1, default));
        _row = "created";
        Assert.Equal("created", await cache.GetAsync(1, default));
    }

    [Fact]
    public async Task A_zero_lifetime_reads_every_time()
    {
        var cache = Cache(TimeSpan.Zero);

        await cache.GetAsync(1, default);
        _row = "b";
        Assert.Equal("b", await cache.GetAsync(1, default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task A_full_cache_makes_room_and_keeps_answering()
    {
        var cache = new ReadThroughCache<int, string>(Lifetime, _clock, (k, _) =>
        {
            Interlocked.Increment(ref _loads);
            return Task.FromResult<string?>($"v{k}");
        }, capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal($"v{i}", await cache.GetAsync(i, default));
        }

        // Everything still reads correctly; at most the capacity stayed cached, so older keys load again.
        var before = _loads;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal($"v{i}", await cache.GetAsync(i, default));
        }

        Assert.InRange(_loads - before, 900, 1_000);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(await condition());
    }
}
