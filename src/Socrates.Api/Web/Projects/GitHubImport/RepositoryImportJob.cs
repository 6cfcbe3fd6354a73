using Socrates.Api.RepositoryImport;

namespace Socrates.Api.Web.Projects.GitHubImport;

/// <summary>
/// One repository import the web app runs in the background, and what its page shows: the stage it is in, then the
/// project it made or the problem that stopped it. Each change is one new <see cref="ImportState"/>, swapped in
/// whole, so a page rendering on another thread never sees half of one.
/// </summary>
public sealed class RepositoryImportJob(Guid ownerId, string repository, bool readsReadme) : IProgress<ImportStage>
{
    private ImportState _state = new(ImportStage.Fetching, null, null);

    public Guid Id { get; } = Guid.NewGuid();

    public Guid OwnerId { get; } = ownerId;

    /// <summary>As the user typed it (owner/repo or a URL): URLs with credentials in them are refused before a job starts.</summary>
    public string Repository { get; } = repository;

    /// <summary>Whether the model reads the README: one stage more.</summary>
    public bool ReadsReadme { get; } = readsReadme;

    public ImportState State => Volatile.Read(ref _state);

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Raised on the import's thread after each change; a page marshals it to its own renderer.</summary>
    public event Action? Changed;

    public void Report(ImportStage value) => Set(State with { Stage = value });

    public void Succeed(ImportRepositoryResponse imported, DateTimeOffset now)
    {
        FinishedAt = now;
        Set(State with { Imported = imported });
    }

    public void Fail(string detail, DateTimeOffset now)
    {
        FinishedAt = now;
        Set(State with { Problem = detail });
    }

    private void Set(ImportState state)
    {
        Volatile.Write(ref _state, state);
        Changed?.Invoke();
    }
}

/// <param name="Imported">The import's result once it succeeded.</param>
/// <param name="Problem">The detail of the problem that stopped it, once it failed.</param>
public sealed record ImportState(ImportStage Stage, ImportRepositoryResponse? Imported, string? Problem)
{
    public bool Finished => Imported is not null || Problem is not null;
}
