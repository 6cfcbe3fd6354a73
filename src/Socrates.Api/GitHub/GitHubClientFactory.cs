using Microsoft.Extensions.Options;
using Octokit;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>Octokit clients on the configured API root, with the caller's token when they stored one.</summary>
public sealed class GitHubClientFactory(IOptions<GitHubOptions> options)
{
    private static readonly ProductHeaderValue Product = new("Socrates");

    public GitHubClient Create(string? token)
    {
        var baseAddress = options.Value.ApiBaseUrl;
        // The Connection constructor takes the address as given; GitHubClient's own would append /api/v3/ to any host but github.com.
        var connection = token is null
            ? new Connection(Product, baseAddress)
            : new Connection(Product, baseAddress, new Octokit.Internal.InMemoryCredentialStore(new Credentials(token)));
        var client = new GitHubClient(connection);
        client.SetRequestTimeout(options.Value.Timeout);
        return client;
    }

    /// <summary>Octokit's failures as problems the caller can act on.</summary>
    public static ProblemException Explain(ApiException e, string what) => e switch
    {
        NotFoundException => GitHubProblems.NotFound(
            $"{what} was not found. If it is private, add a GitHub token with access to it under your API keys (provider 'github')."),
        RateLimitExceededException limit => new ProblemException(StatusCodes.Status429TooManyRequests, "GitHub rate limit reached",
            $"GitHub's API rate limit is used up until {limit.Reset:u}. Adding a GitHub token raises the limit."),
        AuthorizationException => new ProblemException(StatusCodes.Status400BadRequest, "GitHub token rejected",
            "GitHub rejected your stored token (expired or revoked?). Replace it under your API keys (provider 'github')."),
        ForbiddenException => new ProblemException(StatusCodes.Status400BadRequest, "GitHub refused access",
            $"GitHub refused access to {what}: {e.Message}"),
        _ => GitHubProblems.Upstream($"GitHub answered {(int)e.StatusCode} for {what}: {e.Message}"),
    };
}
