using Microsoft.EntityFrameworkCore;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Writes the rows that dead servers left in their journals (<see cref="UsageJournal"/>) under one data directory: only
/// those past the journal's committed mark, in batches that move the mark with them, so a replay that dies too is
/// simply resumed by the next. The dead journal's lock is held throughout, so two servers never replay one journal.
/// </summary>
internal static class UsageJournalReplay
{
    /// <returns>How many rows were written.</returns>
    public static async Task<int> RunAsync(
        string root, Guid own, Func<IReadOnlyList<LlmUsage>, JournalMark, Task> commit, IServiceScopeFactory scopes, ILogger logger, CancellationToken ct)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var written = 0;
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            if (!Guid.TryParseExact(Path.GetFileName(directory), "N", out var id) || id == own)
            {
                continue;
            }

            using var held = UsageJournal.HoldLock(directory);
            if (held is null)
            {
                // A live server's.
                continue;
            }

            long mark;
            await using (var scope = scopes.CreateAsyncScope())
            {
                mark = await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<UsageJournalMark>()
                    .Where(m => m.JournalId == id).Select(m => (long?)m.Seq).SingleOrDefaultAsync(ct) ?? 0;
            }

            var batch = new List<LlmUsage>(UsageWriter.MaxBatch);
            var replayed = 0;
            long last = 0;
            foreach (var (seq, row) in UsageJournal.Read(directory).Where(e => e.Seq > mark))
            {
                batch.Add(row);
                last = seq;
                if (batch.Count == UsageWriter.MaxBatch)
                {
                    await commit(batch, new JournalMark(id, last));
                    replayed += batch.Count;
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await commit(batch, new JournalMark(id, last));
                replayed += batch.Count;
            }

            // The files before the mark: a replay that stops between the two leaves a stray mark, never a second replay.
            // The lock goes first (Windows cannot delete an open file); a server that takes it meanwhile finds the mark
            // at the end and nothing to write.
            held.Dispose();
            Directory.Delete(directory, recursive: true);
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SpecsDb>().Set<UsageJournalMark>()
                    .Where(m => m.JournalId == id).ExecuteDeleteAsync(ct);
            }

            written += replayed;
            logger.LogWarning("Wrote {Count} usage rows that a stopped server had answered for but not committed (journal {Journal})", replayed, id);
        }

        return written;
    }
}
