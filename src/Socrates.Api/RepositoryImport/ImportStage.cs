namespace Socrates.Api.RepositoryImport;

/// <summary>Where an import is, in the order it passes through them, for a caller that shows its progress.</summary>
public enum ImportStage
{
    Fetching,
    Analysing,
    ReadingReadme,
    Saving,
}
