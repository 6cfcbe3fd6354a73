using Socrates.Api.Persistence;

namespace Socrates.Api.Tests.Persistence;

public sealed class ReadThroughCacheTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();
    private int _loads;

    private Task<string?> Load(string value)
    {
        Interlocked.Increment(ref _loads);
        return Task.FromResult<string?>(value);
    }

    [Fact]
    public async Task A_value_is_read_once_until_it_expires()
    {
        var cache = new ReadThroughCache<int, string>(TimeSpan.FromSeconds(30), _clock);

        Assert.Equal("a", await cache.GetAsync(1, (_, _) => Load("a"), default));
        _clock.Now += TimeSpan.FromSeconds(29);
        Assert.Equal("a", await cache.GetAsync(1, (_, _) => Load("b"), default));
        Assert.Equal(1, _loads);

        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal("b", await cache.GetAsync(1, (_, _) => Load("b"), default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task Invalidate_makes_the_next_read_go_to_the_database()
    {
        var cache = new ReadThroughCache<int, string>(TimeSpan.FromSeconds(30), _clock);
        await cache.GetAsync(1, (_, _) => Load("old"), default);

        cache.Invalidate(1);

        Assert.Equal("new", await cache.GetAsync(1, (_, _) => Load("new"), default));
        Assert.Equal("new", await cache.GetAsync(1, (_, _) => Load("newer"), default));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_that_began_before_a_write_is_not_kept_after_it(bool warm)
    {
        var cache = new ReadThroughCache<int, string>(TimeSpan.FromSeconds(30), _clock);
        if (warm)
        {
            await cache.GetAsync(1, (_, _) => Load("older"), default);
            cache.Invalidate(1);
        }

        // The read gets the row as it was; the write commits and invalidates while the read is still on its way back.
        var reading = new TaskCompletionSource<string?>();
        var read = cache.GetAsync(1, (_, _) => reading.Task, default);
        cache.Invalidate(1);
        reading.SetResult("stale");
        Assert.Equal("stale", await read);

        Assert.Equal("fresh", await cache.GetAsync(1, (_, _) => Load("fresh"), default));
    }

    [Fact]
    public async Task Not_found_is_never_kept()
    {
        var cache = new ReadThroughCache<int, string>(TimeSpan.FromSeconds(30), _clock);

        Assert.Null(await cache.GetAsync(1, (_, _) => Task.FromResult<string?>(null), default));
        Assert.Equal("created", await cache.GetAsync(1, (_, _) => Load("created"), default));
    }

    [Fact]
    public async Task A_zero_lifetime_reads_every_time()
    {
        var cache = new ReadThroughCache<int, string>(TimeSpan.Zero, _clock);

        await cache.GetAsync(1, (_, _) => Load("a"), default);
        Assert.Equal("b", await cache.GetAsync(1, (_, _) => Load("b"), default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task A_full_cache_makes_room_and_keeps_answering()
    {
        var cache = new ReadThroughCache<int, string>(TimeSpan.FromSeconds(30), _clock, capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal($"v{i}", await cache.GetAsync(i, (k, _) => Load($"v{k}"), default));
        }

        // Everything still reads correctly; at most the capacity stayed cached, so older keys load again.
        var before = _loads;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal($"v{i}", await cache.GetAsync(i, (k, _) => Load($"v{k}"), default));
        }

        Assert.InRange(_loads - before, 900, 1_000);
    }
}
