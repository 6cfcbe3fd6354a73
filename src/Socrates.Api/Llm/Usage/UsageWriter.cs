using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;
using Socrates.Api.Telemetry;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Writes usage rows off the request path: calls enqueue, one background loop inserts them in batches together
/// with the daily and hourly rollup upserts, one transaction (one commit) per batch. A chat therefore does not wait for a
/// database commit, and concurrent calls do not queue on the rollup row they share. Readers that need every row
/// so far (the usage endpoint, budgets) call <see cref="FlushAsync"/> first; shutdown drains the queue.
/// </summary>
public sealed class UsageWriter(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider time, ILogger<UsageWriter> logger) : BackgroundService
{
    public const int MaxBatch = 500;

    /// <summary>
    /// How long the first queued row waits for others before its batch is written. The write then runs after the
    /// call's response has gone out instead of competing with it for the CPU (bench/Socrates.Bench.Llm measured about
    /// a millisecond of a lone chat's latency), and concurrent calls share one transaction. A flush does not wait it out.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    private readonly Channel<LlmUsage> _queue = Channel.CreateBounded<LlmUsage>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock _gate = new();
    private long _enqueued;
    private long _written;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _flushRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // On Socrates' meter beside the queue length (SocratesMetrics), but recorded here, where a batch's write is timed.
    private readonly Histogram<double> _flushDuration = meters.Create(SocratesMetrics.MeterName).CreateHistogram<double>(
        "socrates.usage_writer.flush.duration", "s", "Time to commit one batch of usage rows with its rollups, retries included.");

    /// <summary>Rows waiting to be written (a metric: Telemetry/SocratesMetrics).</summary>
    public int QueueLength => _queue.Reader.Count;

    public async ValueTask EnqueueAsync(LlmUsage row)
    {
        // Counted before the write so that a flush started after this call returns waits for the row.
        Interlocked.Increment(ref _enqueued);
        try
        {
            await _queue.Writer.WriteAsync(row);
        }
        catch (ChannelClosedException)
        {
            // Shutting down and already drained: the row cannot be stored any more, so at least log its numbers.
            logger.LogError("Usage row lost at shutdown: {Row}", Describe(row));
            Advance(1);
        }
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

            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            var started = time.GetTimestamp();
            await WriteWithRetriesAsync(batch);
            _flushDuration.Record(time.GetElapsedTime(started).TotalSeconds);
            Advance(batch.Count);
            batch.Clear();
        }
    }

    private async Task WriteWithRetriesAsync(List<LlmUsage> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(batch);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                logger.LogWarning(e, "Writing {Count} usage rows failed (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception e)
            {
                // Losing usage is bad; stopping the writer (and with it the server) would be worse. The log keeps the numbers.
                logger.LogError(e, "Dropped {Count} usage rows after repeated failures: {Rows}", batch.Count, string.Join("; ", batch.Select(Describe)));
                return;
            }
        }
    }

    private async Task WriteAsync(List<LlmUsage> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        if (db.Database.IsNpgsql())
        {
            await UsageBatchPostgres.WriteAsync(db, batch);
            return;
        }

        var (sql, arguments) = UsageBatchSqlite.Build(batch);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(sql, arguments);
        await transaction.CommitAsync();
    }
}
