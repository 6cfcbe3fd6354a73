using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Socrates.Api.Llm.Usage;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Usage;

/// <summary>
/// Group commit: a write returns once its row is committed, and rows that arrive while a commit waits go together in
/// the next ones. Each test has a database of its own, so locking its usage table holds up no other test.
/// </summary>
public abstract class UsageWriterTests(SocratesApp app) : ApiTest(app)
{
    private static readonly DateTime Start = new(2026, 5, 4, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A context on this test's own database, which starts out missing.</summary>
    protected abstract SpecsDb NewDb();

    /// <summary>Holds a lock that keeps every insert into llm_usage waiting until it is disposed.</summary>
    protected abstract Task<IAsyncDisposable> LockUsageAsync(CancellationToken ct);

    protected abstract Task DropAsync();

    private sealed class Lock(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>A transaction on <paramref name="connection"/> that has run <paramref name="sql"/>, if any, and is left open.</summary>
    protected static async Task<IAsyncDisposable> LockAsync(DbConnection connection, string? sql, CancellationToken ct)
    {
        await connection.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        if (sql is not null)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }

        return new Lock(connection, transaction);
    }

    private async Task<T> WithWriterAsync<T>(Func<UsageWriter, Task<T>> test)
    {
        try
        {
            await using (var db = NewDb())
            {
                await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
            }

            await using var services = new ServiceCollection().AddScoped(_ => NewDb()).BuildServiceProvider();
            return await test(new UsageWriter(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<UsageWriter>.Instance));
        }
        finally
        {
            await DropAsync();
        }
    }

    [Fact]
    public async Task Writes_wait_for_their_commit_and_rows_arriving_meanwhile_go_in_full_batches_written_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        // Each row its own hour and day group: a full batch's one command carries the most parameters a batch can need.
        var rows = UsageSamples.Rows(Guid.CreateVersion7(), [Guid.CreateVersion7(), null],
            Enumerable.Range(0, 3 * UsageWriter.MaxBatch).Select(i => Start.AddHours(-i)), seed: 6);
        var stored = await WithWriterAsync(async writer =>
        {
            var writes = new List<Task>();
            await using (await LockUsageAsync(ct))
            {
                // The first row's commit waits for the lock; every row after it joins a batch behind that commit, up to
                // MaxBatch rows each. On SQLite the waiting commit blocks its thread, so no row is written from this one.
                var started = 0;
                writes.AddRange(rows.Select(row => Task.Run(() =>
                {
                    var write = writer.WriteAsync(row);
                    Interlocked.Increment(ref started);
                    return write;
                }, ct)));
                while (Volatile.Read(ref started) < rows.Count - 1)
                {
                    await Task.Delay(10, ct);
                }

                await Task.Delay(200, ct);
                Assert.DoesNotContain(writes, w => w.IsCompleted);
            }

            await Task.WhenAll(writes);
            await using var db = NewDb();
            return (Rows: await db.Set<LlmUsage>().CountAsync(ct), Hourly: await db.Set<LlmUsageHourly>().AsNoTracking().ToListAsync(ct));
        });

        Assert.Equal(rows.Count, stored.Rows);
        Assert.Equal(UsageSamples.Hourly(rows), UsageSamples.Hourly(stored.Hourly));
    }

    [Fact]
    public async Task A_batch_the_database_refuses_fails_its_writers_and_the_next_batch_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        var rows = UsageSamples.Rows(Guid.CreateVersion7(), [null], [Start, Start.AddMinutes(1)], seed: 7);
        var refused = rows[0];
        refused.Model = null!;

        var stored = await WithWriterAsync(async writer =>
        {
            await Assert.ThrowsAnyAsync<DbException>(() => writer.WriteAsync(refused));
            await writer.WriteAsync(rows[1]);
            await using var db = NewDb();
            return await db.Set<LlmUsage>().AsNoTracking().ToListAsync(ct);
        });

        Assert.Equal(rows[1].CreatedAt, Assert.Single(stored).CreatedAt);
    }
}

public sealed class UsageWriterOnSqlite(SqliteApp app) : UsageWriterTests(app)
{
    private readonly string _file = Path.Combine(app.DataDirectory, $"writer-{Guid.NewGuid():N}.db");

    // No pooling, so that the file can be deleted afterwards.
    protected override SpecsDb NewDb() =>
        new SqliteSpecsDb(new DbContextOptionsBuilder<SqliteSpecsDb>().UseSqlite($"Data Source={_file};Pooling=False").Options);

    // Microsoft.Data.Sqlite begins transactions IMMEDIATE: this one is the database's writer until it ends.
    protected override Task<IAsyncDisposable> LockUsageAsync(CancellationToken ct) =>
        LockAsync(new SqliteConnection($"Data Source={_file};Pooling=False"), null, ct);

    protected override Task DropAsync()
    {
        File.Delete(_file);
        return Task.CompletedTask;
    }
}

public sealed class UsageWriterOnPostgres(PostgresApp app) : UsageWriterTests(app)
{
    private readonly string _database = $"socrates_test_{Guid.NewGuid():N}"[..30] + "_writer";

    protected override SpecsDb NewDb() =>
        new PostgresSpecsDb(new DbContextOptionsBuilder<PostgresSpecsDb>().UseNpgsql(PostgresApp.WithDatabase(_database)).Options);

    protected override Task<IAsyncDisposable> LockUsageAsync(CancellationToken ct) =>
        LockAsync(new NpgsqlConnection(PostgresApp.WithDatabase(_database)), "LOCK TABLE llm_usage IN SHARE MODE", ct);

    protected override Task DropAsync() => PostgresApp.DropDatabasesAsync(_database);
}
