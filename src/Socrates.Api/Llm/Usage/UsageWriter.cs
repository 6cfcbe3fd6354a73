using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Commits usage rows by group commit: <see cref="WriteAsync"/> returns once the row is committed, so a call never
/// answers for a row a crash could still lose. Rows that arrive while a commit is in flight wait for it and then go
/// together in the next one, with the daily and hourly rollup upserts in the same transaction; a row that finds no
/// commit in flight is written at once. Concurrent calls therefore share commits instead of queueing on the rollup
/// rows they share, and no call waits longer than the commit in flight plus its own.
/// </summary>
public sealed class UsageWriter(IServiceScopeFactory scopes, ILogger<UsageWriter> logger)
{
    public const int MaxBatch = 500;

    private const int Attempts = 3;

    private readonly Lock _gate = new();

    /// <summary>The batch rows still join; its leader is waiting for the commit before it.</summary>
    private Batch? _open;

    /// <summary>The newest batch's commit: the next batch's leader waits for it, so commits go one at a time, in order.</summary>
    private Task _last = Task.CompletedTask;

    /// <summary>Commits <paramref name="row"/>, in a batch with whatever rows arrive meanwhile; not cancellable.</summary>
    /// <exception cref="Exception">The batch could not be committed after retries: the row is not stored (its numbers are logged).</exception>
    public async Task WriteAsync(LlmUsage row)
    {
        Batch batch;
        var leads = false;
        lock (_gate)
        {
            if (_open is null || _open.Rows.Count == MaxBatch)
            {
                _open = new Batch(_last);
                _last = _open.Committed;
                leads = true;
            }

            batch = _open;
            batch.Rows.Add(row);
        }

        // The first row of a batch writes it; the others only wait. No thread waits in a queue for work.
        if (leads)
        {
            await LeadAsync(batch);
        }

        await batch.Committed;
    }

    private async Task LeadAsync(Batch batch)
    {
        // The rows that arrive while the commit before this one is in flight join this batch.
        await batch.After.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            if (_open == batch)
            {
                _open = null;
            }
        }

        try
        {
            await WriteWithRetriesAsync(batch.Rows);
            batch.Done.SetResult();
        }
        catch (Exception e)
        {
            batch.Done.SetException(e);
        }
    }

    private async Task WriteWithRetriesAsync(List<LlmUsage> rows)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitAsync(rows);
                return;
            }
            catch (Exception e) when (attempt < Attempts)
            {
                logger.LogWarning(e, "Writing {Count} usage rows failed (attempt {Attempt}); retrying", rows.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
            catch (Exception e)
            {
                // Each waiting call fails instead of answering as if its usage were stored; the log keeps the numbers.
                logger.LogError(e, "Could not store {Count} usage rows: {Rows}", rows.Count, string.Join("; ", rows.Select(Describe)));
                throw;
            }
        }
    }

    private static string Describe(LlmUsage r) =>
        $"{r.UserId} {r.ProjectId} {r.Provider}/{r.Model} {r.Status} in={r.InputTokens} out={r.OutputTokens} cost_nanos={r.CostNanos} at={r.CreatedAt:O}";

    private async Task CommitAsync(List<LlmUsage> rows)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        if (db.Database.IsNpgsql())
        {
            await UsageBatchPostgres.WriteAsync(db, rows);
            return;
        }

        var (sql, arguments) = UsageBatchSqlite.Build(rows);
        await db.Database.OpenConnectionAsync();
        try
        {
            // As on PostgreSQL, this commit does not wait for the disk: in WAL mode (DatabaseMigration) the committed rows
            // are in the operating system's hands and survive Socrates dying; only a crash of the machine could lose
            // the last ones, never the file. The pooled connection goes back with SQLite's default (FULL).
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = NORMAL");
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync(sql, arguments);
            await transaction.CommitAsync();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = FULL");
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class Batch(Task after)
    {
        public Task After { get; } = after;

        public List<LlmUsage> Rows { get; } = [];

        // Asynchronous continuations: the waiting calls resume in parallel, not one after another on the leader's thread.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Committed => Done.Task;
    }
}
