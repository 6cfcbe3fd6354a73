using Socrates.Analysis;
using Socrates.Api.Http;
using Socrates.Api.Llm;
using Socrates.Api.Projects;

namespace Socrates.Api.GitHub;

public sealed record AnalyzeRepositoryRequest(string? RepoUrl, string? Ref) : IValidatable
{
    public Validator Validate() => new Validator()
        .Required("repo_url", RepoUrl, RepositoryUrl.MaxLength)
        .MaxLength("ref", Ref, 255);
}

public sealed record GitHubRepositorySummary(
    string Name,
    string FullName,
    bool Private,
    string? DefaultBranch,
    string? Language,
    DateTimeOffset UpdatedAt,
    string Url);

public sealed record GitHubRepositoryPage(IReadOnlyList<GitHubRepositorySummary> Items, int Page, int PerPage, bool HasMore);
