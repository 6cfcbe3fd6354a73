using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Persistence;
using Socrates.Api.Storage;
using Socrates.Api.Telemetry;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Writes usage rows off the request path: a call appends its row to this server's journal (<see cref="UsageJournal"/>)
/// and enqueues it; one background loop inserts rows in batches together with the daily and hourly rollup upserts and
/// the journal's mark, one transaction (one commit) per batch. A chat therefore does not wait for a database commit,
/// concurrent calls do not queue on the rollup row they share, and a row answered for survives the process being
/// killed: the next start on the same data directory replays it. Readers that need every row so far (the usage
/// endpoint, budgets) call <see cref="FlushAsync"/> first; shutdown drains the queue.
/// </summary>
public sealed class UsageWriter(
    IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider time, IOptions<StorageOptions> storage, IHostEnvironment environment,
    ILogger<UsageWriter> logger) : BackgroundService
{
    public const int MaxBatch = 500;

    /// <summary>
    /// How long the first queued row waits for others before its batch is written. The write then runs after the
    /// call's response has gone out instead of competing with it for the CPU (bench/Socrates.Bench.Llm measured about
    /// a millisecond of a lone chat's latency), and concurrent calls share one transaction. A flush does not wait it out.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    // Unbounded: rows are added under the journal's lock, where waiting for room is not possible; each is on disk already.
    // Not SingleReader: that channel cannot count its items, and the batching and the queue-length metric need the count.
    private readonly Channel<(long Seq, LlmUsage Row)> _queue = Channel.CreateUnbounded<(long, LlmUsage)>();

    private readonly Lock _gate = new();
    private long _enqueued;
    private long _written;
    private bool _unwritten;
    private UsageJournal? _journal;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _flushRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // On Socrates' meter beside the queue length (SocratesMetrics), but recorded here, where a batch's write is timed.
    private readonly Histogram<double> _flushDuration = meters.Create(SocratesMetrics.MeterName).CreateHistogram<double>(
        "socrates.usage_writer.flush.duration", "s", "Time to commit one batch of usage rows with its rollups, retries included.");

    /// <summary>Rows waiting to be written (a metric: Telemetry/SocratesMetrics).</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>Where every server on this data directory keeps its journal.</summary>
    public string JournalRoot => Path.Combine(storage.Value.ResolveDataDirectory(environment.ContentRootPath), "usage-journal");

    /// <summary>Starts this server's journal, then writes what dead servers left in theirs, before the first call.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _journal = UsageJournal.Start(JournalRoot);
        try
        {
            await UsageJournalReplay.RunAsync(JournalRoot, _journal.Id, WriteAsync, scopes, logger, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rows stay in their journal for the next start; this server can take calls meanwhile.
            logger.LogError(e, "Replaying the usage journals of stopped servers failed; they are kept for the next start");
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Journals <paramref name="row"/> and queues it for the database; returns once it is on its way to the disk.</summary>
    public void Enqueue(LlmUsage row)
    {
        var journal = _journal ?? throw new InvalidOperationException("The usage writer has not started: rows have no journal yet.");

        // Counted before the write so that a flush started after this call returns waits for the row.
        Interlocked.Increment(ref _enqueued);
        journal.Append(row, this, static (seq, row, writer) =>
        {
            if (!writer._queue.Writer.TryWrite((seq, row)))
            {
                writer.KeepForNextStart(row);
            }
        });
    }

    /// <summary>Shutting down and already drained: the row stays in the journal, which the next start replays.</summary>
    private void KeepForNextStart(LlmUsage row)
    {
        logger.LogWarning("Usage row journaled after shutdown began; the next start writes it: {Row}", Describe(row));
        _unwritten = true;
        Advance(1);
    }

    private void Advance(int rows)
    {
        lock (_gate)
        {
            _written += rows;
            _progress.SetResult();
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static string Describe(LlmUsage r) =>
        $"{r.UserId} {r.ProjectId} {r.Provider}/{r.Model} {r.Status} in={r.InputTokens} out={r.OutputTokens} cost_nanos={r.CostNanos} at={r.CreatedAt:O}";

    /// <summary>Waits until every row enqueued before this call is committed (or given up on after retries).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var target = Interlocked.Read(ref _enqueued);
        while (true)
        {
            Task progress;
            lock (_gate)
            {
                if (_written >= target)
                {
                    return;
                }

                _flushRequested.TrySetResult();
                progress = _progress.Task;
            }

            await progress.WaitAsync(ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LlmUsage>(MaxBatch);
        // Stopping completes the channel rather than cancelling the read, so the last rows are still written.
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            Task flush;
            lock (_gate)
            {
                flush = _flushRequested.Task;
            }

            if (_queue.Reader.Count < MaxBatch && !stoppingToken.IsCancellationRequested && !flush.IsCompleted)
            {
                await Task.WhenAny(flush, Task.Delay(Linger, CancellationToken.None));
            }

            lock (_gate)
            {
                if (_flushRequested.Task.IsCompleted)
                {
                    _flushRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            long last = 0;
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued.Row);
                last = queued.Seq;
            }

            var started = time.GetTimestamp();
            await WriteWithRetriesAsync(batch, new JournalMark(_journal!.Id, last));
            _flushDuration.Record(time.GetElapsedTime(started).TotalSeconds);
            Advance(batch.Count);
            batch.Clear();
        }

        await CloseJournalAsync();
    }

    /// <summary>After the last batch: a journal whose every row is committed goes, with its mark; else the next start replays it.</summary>
    private async Task CloseJournalAsync()
    {
        var journal = _journal!;
        journal.Close(everythingCommitted: !_unwritten);
        if (_unwritten)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<UsageJournalMark>()
                .Where(m => m.JournalId == journal.Id).ExecuteDeleteAsync();
        }
        catch (Exception e)
        {
            // A stray mark row is harmless: its journal is gone, so nothing will ever read it.
            logger.LogWarning(e, "Could not remove the usage journal mark {Journal} at shutdown", journal.Id);
        }
    }

    private async Task WriteWithRetriesAsync(List<LlmUsage> batch, JournalMark mark)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(batch, mark);
                _journal!.Committed(mark.Seq);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                logger.LogWarning(e, "Writing {Count} usage rows failed (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception e)
            {
                // Losing usage is bad; stopping the writer (and with it the server) would be worse. The log keeps the
                // numbers; the journal cannot, as the next batch's mark passes these rows.
                logger.LogError(e, "Could not write {Count} usage rows after repeated failures: {Rows}", batch.Count, string.Join("; ", batch.Select(Describe)));
                return;
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<LlmUsage> batch, JournalMark mark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await CommitAsync(scope.ServiceProvider.GetRequiredService<SpecsDb>(), batch, mark);
    }

    /// <summary>Inserts <paramref name="batch"/> with its rollups and moves the journal's <paramref name="mark"/>, in one transaction.</summary>
    internal static async Task CommitAsync(SpecsDb db, IReadOnlyList<LlmUsage> batch, JournalMark mark)
    {
        if (db.Database.IsNpgsql())
        {
            await UsageBatchPostgres.WriteAsync(db, batch, mark);
            return;
        }

        var (sql, arguments) = UsageBatchSqlite.Build(batch, mark);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(sql, arguments);
        await transaction.CommitAsync();
    }
}
