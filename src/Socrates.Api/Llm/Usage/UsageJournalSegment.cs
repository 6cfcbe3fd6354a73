using System.IO.MemoryMappedFiles;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// One file of a usage journal, its blocks allocated when it is made and mapped into this process's memory: an append
/// is a copy into the page cache, with no system call, so it never waits for the file system's own journal.
/// </summary>
/// <remarks>
/// A <c>write</c> that grows a file, or even one that only changes its modification time, joins the file system's
/// journal transaction, and waits while that transaction commits; on ext4 beside PostgreSQL's fsyncs the wait was
/// 85 µs at the median and 37 ms at p99 (bench/Socrates.Bench.Llm/README.md). Pages written through a shared mapping
/// belong to the kernel's page cache, so they outlive this process however it dies, as written pages always did.
/// The blocks are allocated up front (fallocate) so that a full disk fails the segment's creation with an
/// <see cref="IOException"/>, not a later write into the mapping with SIGBUS. Unwritten bytes read as zero and a
/// written line has none (JSON escapes U+0000, and UTF-8 encodes no other character with a zero byte), so the written
/// part of a segment ends at its first zero byte.
/// </remarks>
internal sealed class UsageJournalSegment : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private long _position;

    /// <summary>A new segment at <paramref name="path"/> with room for <paramref name="capacity"/> bytes.</summary>
    public UsageJournalSegment(string path, long capacity)
    {
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read, PreallocationSize = capacity, BufferSize = 0,
        });
        try
        {
            _map = MemoryMappedFile.CreateFromFile(file, mapName: null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        try
        {
            _view = _map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
        }
        catch
        {
            _map.Dispose();
            throw;
        }

        Path = path;
        Capacity = capacity;
    }

    public string Path { get; }

    public long Capacity { get; }

    public bool IsEmpty => _position == 0;

    public bool HasRoomFor(int length) => _position + length <= Capacity;

    public void Append(byte[] bytes, int length)
    {
        _view.WriteArray(_position, bytes, 0, length);
        _position += length;
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }

    /// <summary>The written part of a segment file: everything before its first zero byte.</summary>
    public static byte[] ReadWritten(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var end = Array.IndexOf(bytes, (byte)0);
        return end < 0 ? bytes : bytes[..end];
    }
}
