using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// This server's usage rows from the moment a call is answered until they are committed: each row is appended to a
/// file under {Storage:DataDirectory}/usage-journal/{id}/ before the call answers, and the files are deleted as the
/// rows are committed (<see cref="UsageJournalMark"/>). A server killed at any moment leaves the rows it had not
/// committed there, and the next server to start on that data directory writes them (<see cref="UsageJournalReplay"/>).
/// </summary>
/// <remarks>
/// An append is a copy into a file mapped into memory (<see cref="UsageJournalSegment"/>), without fsync: the rows
/// must outlive the process (SIGKILL, a crash, the out-of-memory killer), whose written pages the kernel keeps, not
/// the machine. That costs microseconds where a commit per call cost milliseconds. The directory is held with an
/// exclusive lock on its <c>lock</c> file (flock on Unix), which the kernel releases when the process dies however it
/// dies: a journal whose lock can be taken is dead.
/// </remarks>
public sealed class UsageJournal : IDisposable
{
    public const string LockFile = "lock";
    private const string SegmentSuffix = ".log";

    /// <summary>A segment is closed past this size, and deleted once its last row is committed.</summary>
    internal const long SegmentBytes = 4 << 20;

    private readonly Lock _gate = new();
    private readonly FileStream _lock;
    private readonly Queue<(long LastSeq, string Path)> _closed = new();
    private UsageJournalSegment _segment;
    private long _seq;

    private UsageJournal(Guid id, string directory, FileStream lockFile)
    {
        Id = id;
        Directory = directory;
        _lock = lockFile;
        _segment = OpenSegment(1, 0);
    }

    public Guid Id { get; }

    public string Directory { get; }

    /// <summary>Starts a new journal under <paramref name="root"/>, held by this process until disposed.</summary>
    public static UsageJournal Start(string root)
    {
        var id = Guid.CreateVersion7();
        var directory = Path.Combine(root, id.ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new UsageJournal(id, directory, HoldLock(directory) ?? throw new IOException($"A new usage journal's lock in {directory} is held by another process."));
    }

    /// <summary>The journal's lock if no live process holds it (its owner is dead), or null.</summary>
    internal static FileStream? HoldLock(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Appends <paramref name="row"/> with the next sequence number and hands it to <paramref name="then"/> under the
    /// same lock, so rows reach the writer in the order of their numbers: a batch's last number marks all before it.
    /// </summary>
    public void Append<TState>(LlmUsage row, TState state, Action<long, LlmUsage, TState> then)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(row, UsageJournalJson.Default.LlmUsage);
        var line = ArrayPool<byte>.Shared.Rent(json.Length + 22);
        try
        {
            lock (_gate)
            {
                var seq = ++_seq;
                Utf8Formatter.TryFormat(seq, line, out var length);
                line[length++] = (byte)' ';
                json.CopyTo(line, length);
                length += json.Length;
                line[length++] = (byte)'\n';
                if (!_segment.HasRoomFor(length))
                {
                    var full = _segment;
                    if (full.IsEmpty)
                    {
                        // Too small for even this one row: a segment big enough takes its name (this row's number).
                        full.Dispose();
                        File.Delete(full.Path);
                    }

                    // Made before the full one is let go, so that a failure (a full disk) leaves the journal as it was.
                    _segment = OpenSegment(seq, length);
                    if (!full.IsEmpty)
                    {
                        _closed.Enqueue((seq - 1, full.Path));
                        full.Dispose();
                    }
                }

                _segment.Append(line, length);
                then(seq, row, state);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    /// <summary>Every row up to <paramref name="seq"/> is committed: closed segments that hold only such rows go.</summary>
    public void Committed(long seq)
    {
        lock (_gate)
        {
            while (_closed.TryPeek(out var segment) && segment.LastSeq <= seq)
            {
                File.Delete(_closed.Dequeue().Path);
            }
        }
    }

    /// <summary>Ends the journal; with <paramref name="everythingCommitted"/> its files go too, else the next start replays them.</summary>
    public void Close(bool everythingCommitted)
    {
        lock (_gate)
        {
            _segment.Dispose();
            if (everythingCommitted)
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }

            _lock.Dispose();
        }
    }

    public void Dispose() => Close(everythingCommitted: false);

    /// <summary>
    /// The rows of a dead journal in order, each with its sequence number. A row is whole once its newline is written;
    /// a line cut short by the crash ends its segment.
    /// </summary>
    internal static IEnumerable<(long Seq, LlmUsage Row)> Read(string directory)
    {
        foreach (var segment in System.IO.Directory.EnumerateFiles(directory, "*" + SegmentSuffix).Order(StringComparer.Ordinal))
        {
            var written = UsageJournalSegment.ReadWritten(segment);
            for (var start = 0; start < written.Length;)
            {
                var newline = Array.IndexOf(written, (byte)'\n', start);
                if (newline < 0 || ParseLine(written.AsSpan(start, newline - start)) is not { } entry)
                {
                    break;
                }

                yield return entry;
                start = newline + 1;
            }
        }
    }

    private static (long Seq, LlmUsage Row)? ParseLine(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        if (space <= 0 || !Utf8Parser.TryParse(line[..space], out long seq, out var used) || used != space)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line[(space + 1)..], UsageJournalJson.Default.LlmUsage) is { } row ? (seq, row) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Named by the first sequence number, zero-padded: the names sort in the rows' order.
    private UsageJournalSegment OpenSegment(long firstSeq, int firstLineBytes) =>
        new(Path.Combine(Directory, $"{firstSeq:D19}{SegmentSuffix}"), Math.Max(SegmentBytes, firstLineBytes));
}

[JsonSerializable(typeof(LlmUsage))]
internal sealed partial class UsageJournalJson : JsonSerializerContext;
