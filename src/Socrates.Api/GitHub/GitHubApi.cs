using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Octokit;
using Socrates.Api.Auth;
using Socrates.Analysis;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

public static class GitHubApi
{
    public const int MaxPerPage = 100;

    public static IEndpointRouteBuilder MapGitHub(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/github").WithTags("GitHub").RequireAuthorization();
        group.MapPost("/analyze", Analyze).WithName("AnalyzeRepository").ProducesFetchProblems();
        group.MapGet("/repos", ListRepositories).WithName("ListGitHubRepositories")
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return routes;
    }

    /// <summary>What fetching a repository can answer besides success: not found, too large, too many files, upstream, timeout.</summary>
    public static RouteHandlerBuilder ProducesFetchProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status502BadGateway)
        .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    private static async Task<Results<Ok<RepositoryAnalysis>, ValidationProblem, ProblemHttpResult>> Analyze(
        AnalyzeRepositoryRequest request, ClaimsPrincipal user, RepositoryAnalysisService analyzer, CancellationToken ct)
    {
        return TypedResults.Ok(await analyzer.AnalyzeAsync(user.Id(), request.RepoUrl!, request.Ref, ct));
    }

    private static async Task<Results<Ok<GitHubRepositoryPage>, ValidationProblem, ProblemHttpResult>> ListRepositories(
        ClaimsPrincipal user, RepositoryAnalysisService analyzer, GitHubClientFactory clients, CancellationToken ct,
        int page = 1, int per_page = 30)
    {
        var validation = new Validator().CheckPage(page);

        if (per_page is < 1 or > MaxPerPage)
        {
            validation.Add("per_page", $"'per_page' must be between 1 and {MaxPerPage} (got {per_page}).");
        }

        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        try
        {
            var token = await analyzer.FindTokenAsync(user.Id(), ct);
            if (token is null)
            {
                return TypedResults.Problem(
                    detail: "You have no GitHub token stored. Add one with POST /api/v1/llm/api-keys {\"provider\": \"github\", \"api_key\": \"ghp_...\"} and try again.",
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "GitHub token required");
            }

            var client = clients.Create(token);
            var repositories = await client.Repository
                .GetAllForCurrent(new Octokit.ApiOptions { PageSize = per_page, PageCount = 1, StartPage = page })
                .WaitAsync(ct);
            var hasMore = client.GetLastApiInfo()?.Links.ContainsKey("next") ?? false;
            return TypedResults.Ok(new GitHubRepositoryPage(
                repositories.Select(r => new GitHubRepositorySummary(r.Name, r.FullName, r.Private, r.DefaultBranch, r.Language, r.UpdatedAt, r.HtmlUrl)).ToList(),
                page,
                per_page,
                hasMore));
        }
        catch (ApiException e)
        {
            throw GitHubClientFactory.Explain(e, "Your repository list");
        }
        catch (HttpRequestException e)
        {
            throw GitHubProblems.Upstream($"GitHub's API could not be reached for your repository list: {e.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ProblemException(StatusCodes.Status504GatewayTimeout, "GitHub request timed out",
                "GitHub did not answer for your repository list within GitHub:Timeout. Try again later.");
        }
    }
}
