namespace Socrates.Api.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where the server keeps what it makes for itself (SQLite files, development keys); relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    public string ResolveDataDirectory(string contentRoot) => Path.GetFullPath(DataDirectory, contentRoot);
}
