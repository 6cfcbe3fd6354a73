using Socrates.Api.GitHub;
using Socrates.Analysis;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Projects;

namespace Socrates.Api.RepositoryImport;

public sealed record ImportRepositoryRequest(string? RepoUrl, string? Ref, string? ProjectName, bool? UseLlm) : IValidatable
{
    public Validator Validate()
    {
        return new Validator()
            .Required("repo_url", RepoUrl, RepositoryUrl.MaxLength)
            .MaxLength("ref", Ref, 255)
            .NotBlank("project_name", ProjectName, Project.MaxNameLength);
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

/// <summary>Something an import did not do as asked, though the import itself succeeded.</summary>
/// <param name="Status">The HTTP status the failed step would have answered on its own (e.g. 402 for a used-up budget).</param>
public sealed record ImportWarning(string Code, string Title, string Detail, int? Status = null);

public static class ImportWarningCodes
{
    /// <summary>The model could not be called or did not answer (no key, budget, upstream error): no LLM specifications.</summary>
    public const string LlmUnavailable = "llm_unavailable";

    /// <summary>The model answered, but not with usable JSON: no LLM specifications.</summary>
    public const string LlmAnswerUnusable = "llm_answer_unusable";

    /// <summary>Some proposals were left out (invalid, duplicates of derived ones, too many).</summary>
    public const string LlmProposalsDropped = "llm_proposals_dropped";

    /// <summary>The repository has no README, so there was nothing for the model to read.</summary>
    public const string LlmSkipped = "llm_skipped";
}
