namespace Socrates.Api.GitHub;

/// <summary>A fetch or API failure the caller can act on; the handlers turn it into ProblemDetails with this status.</summary>
public sealed class GitHubProblemException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public static GitHubProblemException Rejected(string detail) => new(StatusCodes.Status400BadRequest, "Repository URL rejected", detail);

    public static GitHubProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Repository not found", detail);

    public static GitHubProblemException Upstream(string detail) => new(StatusCodes.Status502BadGateway, "GitHub request failed", detail);

    public static GitHubProblemException TimedOut(TimeSpan limit) => new(StatusCodes.Status504GatewayTimeout, "Repository fetch timed out",
        $"Fetching and analysing the repository took longer than {limit.TotalSeconds:0} seconds (GitHub:Timeout). Try a smaller repository or ref.");
}
