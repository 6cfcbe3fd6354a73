using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Usage;

/// <summary>
/// The usage journal: what a dead server answered for and did not commit is written by the next start, exactly once,
/// and a live server's journal is left alone. A dead server is a journal closed without deleting its files, which is
/// what the kernel leaves when a process is killed (the SIGKILL itself is in <see cref="CrashTests"/>). Each test has a
/// database and a data directory of its own.
/// </summary>
public abstract class UsageJournalTests(SocratesApp app) : ApiTest(app)
{
    private static readonly DateTime Start = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    private readonly string _data = Path.Combine(app.DataDirectory, $"journal-{Guid.NewGuid():N}");

    private readonly ScratchSpecsDatabase _database = new(app, "journal");

    /// <summary>A context on this test's own database, which starts out missing.</summary>
    private SpecsDb NewDb() => _database.NewDb();

    private Task DropAsync() => _database.DropAsync();

    private string Root => Path.Combine(_data, "usage-journal");

    private async Task WithDatabaseAsync(Func<ServiceProvider, Task> test)
    {
        try
        {
            await using (var db = NewDb())
            {
                await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
            }

            await using var services = new ServiceCollection().AddScoped(_ => NewDb()).AddMetrics().BuildServiceProvider();
            await test(services);
        }
        finally
        {
            await DropAsync();
            if (Directory.Exists(_data))
            {
                Directory.Delete(_data, recursive: true);
            }
        }
    }

    /// <summary>A server that journaled <paramref name="rows"/> and died having committed the first <paramref name="committed"/>.</summary>
    private async Task<Guid> DeadServerAsync(IServiceProvider services, IReadOnlyList<LlmUsage> rows, int committed)
    {
        var journal = UsageJournal.Start(Root);
        foreach (var row in rows)
        {
            journal.Append(row, 0, static (_, _, _) => { });
        }

        if (committed > 0)
        {
            // As the dead server's writer did: those rows and the mark in one transaction.
            await using var scope = services.CreateAsyncScope();
            await UsageWriter.CommitAsync(scope.ServiceProvider.GetRequiredService<SpecsDb>(), [.. rows.Take(committed)], new JournalMark(journal.Id, committed));
        }

        journal.Close(everythingCommitted: false);
        return journal.Id;
    }

    private static async Task<(List<LlmUsage> Rows, List<LlmUsageHourly> Hourly, int Marks)> StoredAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Set<LlmUsage>().AsNoTracking().ToListAsync(ct), await db.Set<LlmUsageHourly>().AsNoTracking().ToListAsync(ct),
            await db.Set<UsageJournalMark>().CountAsync(ct));
    }

    private static List<LlmUsage> Rows(int count, int seed) =>
        UsageSamples.Rows(Guid.CreateVersion7(), [Guid.CreateVersion7(), null], Enumerable.Range(0, count).Select(i => Start.AddMinutes(i * 7)), seed);

    [Fact]
    public Task The_next_start_writes_the_rows_a_dead_server_had_not_committed_and_none_twice() => WithDatabaseAsync(async services =>
    {
        var ct = TestContext.Current.CancellationToken;
        var rows = Rows(1_200, seed: 11);
        var dead = await DeadServerAsync(services, rows, committed: 317);
        Assert.Equal(317, (await StoredAsync(services)).Rows.Count);

        using var next = StandaloneUsageWriter.Create(services, _data);
        await next.StartAsync(ct);
        var stored = await StoredAsync(services);
        Assert.Equal(rows.Count, stored.Rows.Count);
        Assert.Equal(UsageSamples.Hourly(rows), UsageSamples.Hourly(stored.Hourly));
        Assert.Equal(rows.Select(r => (r.CreatedAt, r.InputTokens, r.CostNanos)).Order(),
            stored.Rows.Select(r => (r.CreatedAt, r.InputTokens, r.CostNanos)).Order());
        Assert.False(Directory.Exists(Path.Combine(Root, dead.ToString("N"))), "The replayed journal is deleted.");
        Assert.Equal(0, stored.Marks);

        // A later start finds nothing more to write.
        await next.StopAsync(ct);
        using var third = StandaloneUsageWriter.Create(services, _data);
        await third.StartAsync(ct);
        Assert.Equal(rows.Count, (await StoredAsync(services)).Rows.Count);
        await third.StopAsync(ct);
    });

    [Fact]
    public Task A_line_cut_short_by_the_kill_is_skipped_and_the_rows_before_it_are_written() => WithDatabaseAsync(async services =>
    {
        var ct = TestContext.Current.CancellationToken;
        var rows = Rows(40, seed: 12);
        var dead = await DeadServerAsync(services, rows, committed: 0);
        var segment = Directory.GetFiles(Path.Combine(Root, dead.ToString("N")), "*.log").Single();
        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            // Where the next row would have gone: the segment's blocks are allocated ahead, so its unwritten rest is zeros.
            file.Position = UsageJournalSegment.ReadWritten(segment).Length;
            await file.WriteAsync("41 {\"UserId\":\"0196"u8.ToArray(), ct);
        }

        Assert.Equal(UsageJournal.SegmentBytes, new FileInfo(segment).Length);

        using var next = StandaloneUsageWriter.Create(services, _data);
        await next.StartAsync(ct);
        Assert.Equal(rows.Count, (await StoredAsync(services)).Rows.Count);
        await next.StopAsync(ct);
    });

    [Fact]
    public Task A_live_servers_journal_is_left_alone_and_a_clean_stop_leaves_no_journal() => WithDatabaseAsync(async services =>
    {
        var ct = TestContext.Current.CancellationToken;
        using var live = UsageJournal.Start(Root);
        foreach (var row in Rows(5, seed: 13))
        {
            live.Append(row, 0, static (_, _, _) => { });
        }

        var writer = StandaloneUsageWriter.Create(services, _data);
        await writer.StartAsync(ct);
        var rows = Rows(30, seed: 14);
        rows.ForEach(writer.Enqueue);
        await writer.FlushAsync(ct);
        await writer.StopAsync(ct);
        writer.Dispose();

        var stored = await StoredAsync(services);
        Assert.Equal(rows.Count, stored.Rows.Count);
        Assert.Equal(0, stored.Marks);
        Assert.Equal([live.Directory], Directory.GetDirectories(Root));
    });

    [Fact]
    public void A_row_bigger_than_a_segment_gets_a_segment_of_its_own()
    {
        using var journal = UsageJournal.Start(Root);
        var rows = Rows(3, seed: 16);
        rows[0].Model = new string('a', (int)UsageJournal.SegmentBytes);
        rows[1].Model = new string('b', (int)UsageJournal.SegmentBytes + 1);
        foreach (var row in rows)
        {
            journal.Append(row, 0, static (_, _, _) => { });
        }

        Assert.Equal(rows.Select(r => r.Model), UsageJournal.Read(journal.Directory).Select(e => e.Row.Model));
        Assert.Equal(["0000000000000000001.log", "0000000000000000002.log", "0000000000000000003.log"],
            Directory.GetFiles(journal.Directory, "*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Segments_are_deleted_once_every_row_in_them_is_committed()
    {
        using var journal = UsageJournal.Start(Root);
        var row = Rows(1, seed: 15)[0];
        long seq = 0;
        while (Directory.GetFiles(journal.Directory, "*.log").Length < 3)
        {
            journal.Append(row, 0, (s, _, _) => seq = s);
        }

        var segments = Directory.GetFiles(journal.Directory, "*.log").Order(StringComparer.Ordinal).ToList();
        var secondStarts = long.Parse(Path.GetFileNameWithoutExtension(segments[1]), System.Globalization.CultureInfo.InvariantCulture);
        journal.Committed(secondStarts - 2);
        Assert.Equal(segments, Directory.GetFiles(journal.Directory, "*.log").Order(StringComparer.Ordinal));
        journal.Committed(secondStarts - 1);
        Assert.Equal(segments[1..], Directory.GetFiles(journal.Directory, "*.log").Order(StringComparer.Ordinal));
        journal.Committed(seq);
        Assert.Equal([segments[2]], Directory.GetFiles(journal.Directory, "*.log"));
        Assert.Equal(seq, UsageJournal.Read(journal.Directory).Last().Seq);
        journal.Close(everythingCommitted: true);
        Assert.False(Directory.Exists(journal.Directory));
    }
}

public sealed class UsageJournalOnSqlite(SqliteApp app) : UsageJournalTests(app);

public sealed class UsageJournalOnPostgres(PostgresApp app) : UsageJournalTests(app);
