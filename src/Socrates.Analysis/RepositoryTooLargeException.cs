namespace Socrates.Analysis;

/// <summary>
/// A tree past one of the <see cref="AnalysisLimits"/>. The library knows no HTTP: the server answers it as
/// 422 (files) or 413 (bytes), the command line with exit code 1.
/// </summary>
public sealed class RepositoryTooLargeException : Exception
{
    public RepositoryTooLargeException()
    {
    }

    public RepositoryTooLargeException(string message)
        : base(message)
    {
    }

    public RepositoryTooLargeException(string message, Exception inner)
        : base(message, inner)
    {
    }

    private RepositoryTooLargeException(bool tooManyFiles, long limit, string message)
        : base(message)
    {
        TooManyFiles = tooManyFiles;
        Limit = limit;
    }

    /// <summary>True when the file count was the bound passed; false for bytes.</summary>
    public bool TooManyFiles { get; }

    public long Limit { get; }

    public static RepositoryTooLargeException Files(int limit) =>
        new(true, limit, $"The tree has more than {limit:N0} files, the most one analysis reads.");

    public static RepositoryTooLargeException Bytes(long limit) =>
        new(false, limit, $"The tree's files add up to more than {limit:N0} bytes, the most one analysis reads.");
}
