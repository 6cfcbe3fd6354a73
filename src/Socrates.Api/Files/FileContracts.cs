using Socrates.Api.Http;

namespace Socrates.Api.Files;

public sealed record PutFileRequest(string? Path, string? Content, string? Language)
{
    public const int MaxLanguageLength = 64;

    public Validator Validate(out string normalizedPath)
    {
        var v = new Validator().MaxLength("language", Language, MaxLanguageLength);
        if (!CodePath.TryNormalize(Path, out normalizedPath, out var error))
        {
            v.Add("path", error);
        }

        if (Content is null)
        {
            v.Add("content", "'content' is required (it may be empty).");
        }
        else
        {
            v.MaxLength("content", Content, int.MaxValue, TextKind.Multiline);
        }

        return v;
    }
}

public sealed record FileSummary(Guid Id, string Path, string Language, int Size, DateTime UpdatedAt);

public sealed record FileResponse(Guid Id, Guid ProjectId, string Path, string Language, string Content, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static FileResponse From(GeneratedFile f) => new(f.Id, f.ProjectId, f.Path, f.Language, f.Content, f.CreatedAt, f.UpdatedAt);
}

public sealed record FileList(IReadOnlyList<FileSummary> Items);
