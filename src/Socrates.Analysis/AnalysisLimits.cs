namespace Socrates.Analysis;

/// <summary>How much of a tree the analyzer takes on.</summary>
/// <param name="MaxFiles">More regular files than this is refused (<see cref="RepositoryTooLargeException"/>).</param>
/// <param name="MaxTotalBytes">A tree whose files add up to more than this is refused.</param>
/// <param name="MaxFileBytes">At most this much of one file is read to tell its language; its size still counts whole.</param>
public sealed record AnalysisLimits(int MaxFiles, long MaxTotalBytes, int MaxFileBytes)
{
    public static readonly AnalysisLimits Default = new(100_000, 2L * 1024 * 1024 * 1024, 1024 * 1024);
}
