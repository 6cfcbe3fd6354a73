namespace Socrates.Analysis;

/// <summary>Counters an analysis advances as it goes, read from another thread to show progress.</summary>
public sealed class AnalysisProgress
{
    private int _listed;
    private int _classified;

    public int FilesListed => Volatile.Read(ref _listed);

    public int FilesClassified => Volatile.Read(ref _classified);

    internal void Listed() => Interlocked.Increment(ref _listed);

    internal void Classified() => Interlocked.Increment(ref _classified);
}
