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
}
