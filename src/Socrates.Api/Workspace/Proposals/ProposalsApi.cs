using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Specifications;

namespace Socrates.Api.Workspace.Proposals;

/// <summary>Specifications a model proposed, waiting for the user to accept (as proposed or edited) or reject them.</summary>
public static class ProposalsApi
{
    public static IEndpointRouteBuilder MapProposals(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects/{projectId:guid}/proposals").WithTags("Workspace").RequireAuthorization();
        group.MapGet("/", List).WithName("ListProposals").WithSummary("The project's proposals, newest first; pending ones show conflicts with existing values.");
        group.MapPost("/{proposalId:guid}/accept", Accept).WithName("AcceptProposal")
            .WithSummary("Creates or updates the specification (source llm, or user when edited); the old value stays in its history.");
        group.MapPost("/{proposalId:guid}/reject", Reject).WithName("RejectProposal");
        return routes;
    }

    private static async Task<Results<Ok<PagedList<ProposalResponse>>, ValidationProblem, ProblemHttpResult>> List(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CancellationToken ct, string? status = null, int page = 1, int page_size = Paging.DefaultPageSize)
    {
        var validation = new Validator().CheckPaging(page, page_size).OneOf("status", status, ProposalStatus.All);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var query = db.Set<Proposal>().AsNoTracking().Where(p => p.ProjectId == projectId && (status == null || p.Status == status));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * page_size).Take(page_size).ToListAsync(ct);
        return TypedResults.Ok(new PagedList<ProposalResponse>(await db.ViewAsync(projectId, items, ct), page, page_size, total));
    }

    /// <summary>
    /// One transaction: the proposal is claimed (only a pending one can be, so of two racing accepts one gets 409), the
    /// specification written with its history, and the maturity read before and after.
    /// </summary>
    private static async Task<Results<Ok<AcceptedProposal>, ProblemHttpResult>> Accept(
        Guid projectId, Guid proposalId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] AcceptProposalRequest? request, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var before = await Maturity.ForProjectAsync(db, projectId, ct);
        if (await ClaimAsync(db, projectId, proposalId, ProposalStatus.Accepted, now, ct) is { } refused)
        {
            return refused;
        }

        var proposal = await db.Set<Proposal>().FirstAsync(p => p.Id == proposalId, ct);
        var value = request?.Value ?? proposal.Value;
        var confidence = request?.Confidence ?? proposal.Confidence;
        var edited = value != proposal.Value || !confidence.Equals(proposal.Confidence);
        var spec = await db.SetAsync(projectId, proposal.Category, proposal.Key, value, confidence,
            edited ? SpecificationSources.User : SpecificationSources.Llm, now, ct);
        proposal.SpecificationId = spec.Id;
        project.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict(
                $"Another request wrote the specification '{proposal.Key}' in category '{proposal.Category}' at the same moment; the proposal is still pending. Try again.");
        }

        var after = await Maturity.ForProjectAsync(db, projectId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new AcceptedProposal(ProposalResponse.From(proposal), SpecificationResponse.From(spec), before, after));
    }

    private static async Task<Results<Ok<ProposalResponse>, ProblemHttpResult>> Reject(
        Guid projectId, Guid proposalId, ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        if (await ClaimAsync(db, projectId, proposalId, ProposalStatus.Rejected, time.GetUtcNow().UtcDateTime, ct) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(ProposalResponse.From(await db.Set<Proposal>().AsNoTracking().FirstAsync(p => p.Id == proposalId, ct)));
    }

    /// <summary>Decides a pending proposal in one statement; null when this request did, else why it could not.</summary>
    private static async Task<ProblemHttpResult?> ClaimAsync(SpecsDb db, Guid projectId, Guid proposalId, string decision, DateTime now, CancellationToken ct)
    {
        var claimed = await db.Set<Proposal>()
            .Where(p => p.Id == proposalId && p.ProjectId == projectId && p.Status == ProposalStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, decision).SetProperty(p => p.DecidedAt, now), ct);
        if (claimed == 1)
        {
            return null;
        }

        var status = await db.Set<Proposal>().Where(p => p.Id == proposalId && p.ProjectId == projectId).Select(p => p.Status).FirstOrDefaultAsync(ct);
        return status is null
            ? Problems.NotFound($"Project {projectId} has no proposal with id {proposalId}.")
            : Problems.Conflict($"The proposal was already {status}; only a pending proposal can be accepted or rejected.");
    }
}
