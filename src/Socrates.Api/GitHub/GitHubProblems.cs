using Socrates.Analysis;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>What can go wrong fetching a repository, worded so the caller knows what to do next.</summary>
public static class GitHubProblems
{
    public static ProblemException Rejected(string detail) => new(StatusCodes.Status400BadRequest, "Repository URL rejected", detail);

    public static ProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Repository not found", detail);

    public static ProblemException Upstream(string detail) => new(StatusCodes.Status502BadGateway, "GitHub request failed", detail);

    public static ProblemException TimedOut(TimeSpan limit) => new(StatusCodes.Status504GatewayTimeout, "Repository fetch timed out",
        $"Fetching and analysing the repository took longer than {limit.TotalSeconds:0} seconds (GitHub:Timeout). Try a smaller repository or ref.");

    public static ProblemException TooManyFiles(long limit) => new(StatusCodes.Status422UnprocessableEntity, "Repository has too many files",
        $"The repository has more than {limit:N0} files, the most this server analyses (GitHub:MaxFiles).");

    public static ProblemException TooManyBytes(long limit, string what) => new(StatusCodes.Status413PayloadTooLarge, "Repository too large",
        $"The repository's {what} is larger than {limit:N0} bytes, the most this server accepts (GitHub:MaxDownloadBytes / GitHub:MaxUnpackedBytes).");

    /// <summary>The analyzer's own bound, in the words the server uses for its configured limits.</summary>
    public static ProblemException TooLarge(RepositoryTooLargeException e) => e.TooManyFiles ? TooManyFiles(e.Limit) : TooManyBytes(e.Limit, "content");
}
