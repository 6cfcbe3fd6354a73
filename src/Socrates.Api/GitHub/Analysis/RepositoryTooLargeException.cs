using Socrates.Api.Http;

namespace Socrates.Api.GitHub.Analysis;

/// <summary>A repository past one of the configured bounds: 413 for bytes, 422 for file count.</summary>
public sealed class RepositoryTooLargeException(int status, string title, string detail) : ProblemException(status, title, detail)
{
    public static RepositoryTooLargeException TooManyFiles(int limit) =>
        new(StatusCodes.Status422UnprocessableEntity, "Repository has too many files",
            $"The repository has more than {limit:N0} files, the most this server analyses (GitHub:MaxFiles).");

    public static RepositoryTooLargeException TooManyBytes(long limit, string what) =>
        new(StatusCodes.Status413PayloadTooLarge, "Repository too large",
            $"The repository's {what} is larger than {limit:N0} bytes, the most this server accepts (GitHub:MaxDownloadBytes / GitHub:MaxUnpackedBytes).");
}
