namespace Socrates.Analysis.Trees;

/// <summary>
/// Which parts of a local folder an analysis reads, decided while the tree is walked so that an ignored
/// folder (node_modules, bin) is never listed. Paths are relative to the root with '/' separators.
/// </summary>
public abstract class TreeFilter
{
    /// <summary>Called once per folder, parent before child, before the folder is listed.</summary>
    public abstract bool IncludesDirectory(string path);

    public abstract bool IncludesFile(string path);

    /// <summary>
    /// In a git work tree, the files git would archive plus untracked ones it does not ignore (so the answer
    /// matches what GitHub would show); elsewhere, the folder's .gitignore files and the usual build output.
    /// </summary>
    public static async Task<TreeFilter> ForFolderAsync(string root, CancellationToken ct) =>
        await GitFiles.ListAsync(root, ct) is { Count: > 0 } tracked ? new TrackedFiles(tracked) : new IgnoreRules(root);
}
