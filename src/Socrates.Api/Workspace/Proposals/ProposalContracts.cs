using Socrates.Api.Http;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Workspace.Proposals;

/// <summary>A pending proposal whose key the project already holds with another value: both values, side by side.</summary>
public sealed record ProposalConflict(Guid SpecificationId, string CurrentValue, double CurrentConfidence, string CurrentSource);

public sealed record ProposalResponse(
    Guid Id, Guid MessageId, string Category, string Key, string Value, double Confidence, string Rationale, string Status,
    DateTime CreatedAt, DateTime? DecidedAt, Guid? SpecificationId, ProposalConflict? Conflict)
{
    public static ProposalResponse From(Proposal p, ProposalConflict? conflict = null) => new(
        p.Id, p.MessageId, p.Category, p.Key, p.Value, p.Confidence, p.Rationale, p.Status, p.CreatedAt, p.DecidedAt, p.SpecificationId, conflict);
}

/// <summary>Accepts as proposed, or edited: a changed value or confidence makes the specification the user's own.</summary>
public sealed record AcceptProposalRequest(string? Value, double? Confidence) : IValidatable
{
    public Validator Validate() => new Validator()
        .NotBlank("value", Value, int.MaxValue, TextKind.Multiline)
        .InRange("confidence", Confidence, 0, 1);
}

/// <summary>The specification an accepted proposal became, and the project's maturity before and after.</summary>
public sealed record AcceptedProposal(ProposalResponse Proposal, SpecificationResponse Specification, int MaturityBefore, int MaturityAfter);
