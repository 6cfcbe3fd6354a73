namespace Socrates.Api.GitHub;

/// <summary>A fresh temporary folder for one fetch, removed on dispose whatever happened inside it.</summary>
public sealed class WorkFolder : IAsyncDisposable
{
    public const string Prefix = "socrates-github-";

    private WorkFolder(string path) => FullPath = path;

    public string FullPath { get; }

    public static WorkFolder Create(string parent)
    {
        Directory.CreateDirectory(parent);
        var path = Path.Combine(Path.GetFullPath(parent), Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new WorkFolder(path);
    }

    public async ValueTask DisposeAsync()
    {
        // A git process may still be closing files; try a few times before giving up.
        for (var attempt = 0; attempt < 5 && Directory.Exists(FullPath); attempt++)
        {
            try
            {
                Directory.Delete(FullPath, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(100 * (attempt + 1));
            }
        }
    }
}
