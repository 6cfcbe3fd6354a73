using Microsoft.AspNetCore.Http.HttpResults;
using Socrates.Api.GitHub.Analysis;

namespace Socrates.Api.GitHub;

/// <summary>The ProblemDetails for what can go wrong fetching and analysing a repository.</summary>
public static class GitHubProblems
{
    /// <summary>The problem for an exception this feature raises on purpose, or null to let it through.</summary>
    public static ProblemHttpResult? From(Exception exception) => exception switch
    {
        GitHubProblemException e => TypedResults.Problem(detail: e.Message, statusCode: e.StatusCode, title: e.Title),
        RepositoryTooLargeException e => TypedResults.Problem(
            detail: e.Message,
            statusCode: e.StatusCode,
            title: e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Repository too large" : "Repository has too many files"),
        _ => null,
    };
}
