namespace Socrates.Analysis.Trees;

/// <summary>Exactly the files git listed, and the folders that hold them.</summary>
public sealed class TrackedFiles : TreeFilter
{
    private readonly HashSet<string> _files;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    public TrackedFiles(IEnumerable<string> files)
    {
        _files = files.ToHashSet(StringComparer.Ordinal);
        foreach (var file in _files)
        {
            for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
            {
                if (!_directories.Add(file[..slash]))
                {
                    break;
                }
            }
        }
    }

    public override bool IncludesDirectory(string path) => _directories.Contains(path);

    public override bool IncludesFile(string path) => _files.Contains(path);
}
