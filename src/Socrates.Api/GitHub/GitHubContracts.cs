using Socrates.Api.GitHub.Analysis;
using Socrates.Api.Http;
using Socrates.Api.Llm;
using Socrates.Api.Projects;

namespace Socrates.Api.GitHub;

public sealed record AnalyzeRepositoryRequest(string? RepoUrl, string? Ref)
{
    public Validator Validate() => new Validator()
        .Required("repo_url", RepoUrl, RepositoryUrl.MaxLength)
        .MaxLength("ref", Ref, 255);
}

public sealed record ImportRepositoryRequest(string? RepoUrl, string? Ref, string? ProjectName, bool? UseLlm)
{
    public Validator Validate()
    {
        var v = new Validator()
            .Required("repo_url", RepoUrl, RepositoryUrl.MaxLength)
            .MaxLength("ref", Ref, 255)
            .MaxLength("project_name", ProjectName, Project.MaxNameLength);
        return ProjectName is not null && string.IsNullOrWhiteSpace(ProjectName) ? v.Add("project_name", "'project_name' cannot be blank.") : v;
    }
}

/// <param name="SpecsExtracted">Every specification stored, the model's included.</param>
/// <param name="LlmSpecsExtracted">How many of them the model proposed (source llm); null without use_llm.</param>
/// <param name="LlmUsage">Tokens and cost of the model's call when one answered; also in GET /api/v1/llm/usage.</param>
/// <param name="Warnings">What use_llm could not do (no key, budget, provider down, unusable answer); the import itself succeeded.</param>
public sealed record ImportRepositoryResponse(
    Guid ProjectId,
    int SpecsExtracted,
    int? LlmSpecsExtracted,
    Guid? ReadmeDocumentId,
    ChatUsage? LlmUsage,
    IReadOnlyList<ImportWarning> Warnings,
    RepositoryAnalysis Analysis);

public sealed record GitHubRepositorySummary(
    string Name,
    string FullName,
    bool Private,
    string? DefaultBranch,
    string? Language,
    DateTimeOffset UpdatedAt,
    string Url);

public sealed record GitHubRepositoryPage(IReadOnlyList<GitHubRepositorySummary> Items, int Page, int PerPage, bool HasMore);
