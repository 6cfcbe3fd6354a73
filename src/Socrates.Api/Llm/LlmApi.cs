using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Socrates.Api.Auth;
using Socrates.Api.Files;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm;

public static class LlmApi
{
    public static IEndpointRouteBuilder MapLlmCalls(this IEndpointRouteBuilder routes)
    {
        var projects = routes.MapGroup("/api/v1/projects/{projectId:guid}").WithTags("LLM").RequireAuthorization();
        projects.MapPost("/set-llm", SetLlm).WithName("SetProjectLlm");
        projects.MapPost("/chat", Chat).WithName("Chat");
        projects.MapPost("/generate-code", GenerateCode).WithName("GenerateCode");

        var llm = routes.MapGroup("/api/v1/llm").WithTags("LLM").RequireAuthorization();
        llm.MapGet("/usage", Usage).WithName("GetLlmUsage");
        llm.MapPut("/budget", PutBudget).WithName("PutLlmBudget");
        llm.MapGet("/budget", ListBudgets).WithName("ListLlmBudgets");
        return routes;
    }

    private static async Task<Results<Ok<ProjectLlmResponse>, ValidationProblem, ProblemHttpResult>> SetLlm(
        Guid projectId, SetLlmRequest request, ClaimsPrincipal user, SpecsDb db, ModelCatalogue catalogue, CallLookups lookups, TimeProvider time,
        CancellationToken ct)
    {
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var validation = request.Validate(catalogue, out var fallbacks);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        project.LlmProvider = request.Provider;
        project.LlmModel = request.Model;
        project.LlmFallbacks = ProjectLlm.Serialize(fallbacks);
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        lookups.Projects.Invalidate(projectId);
        return TypedResults.Ok(new ProjectLlmResponse(project.Id, request.Provider!, request.Model!, false, fallbacks));
    }

    private static async Task<Results<Ok<ChatReply>, ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult>> Chat(
        Guid projectId, ChatRequest request, ClaimsPrincipal user, CallLookups lookups, ChatRouter router, TimeProvider time, HttpResponse response,
        CancellationToken ct)
    {
        var project = await lookups.FindOwnedForCallAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var validation = request.Validate();
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var messages = request.Messages!.Select(m => new ChatMessage(new ChatRole(m.Role!), m.Content)).ToList();
        var options = new ChatOptions { MaxOutputTokens = request.MaxTokens, Temperature = (float?)request.Temperature };
        var (call, problem) = await router.PrepareAsync(user.Id(), project, messages, options, ct);
        if (call is null)
        {
            return problem!.ToResult();
        }

        if (request.Stream != true)
        {
            var (result, failure) = await router.CompleteAsync(call, ct);
            if (result is null)
            {
                return failure!.ToResult();
            }

            var total = time.GetElapsedTime(response.HttpContext.Features.GetRequiredFeature<RequestStart>().Timestamp);
            response.Headers["Server-Timing"] = ServerTiming(result.ProviderTime, total);
            return TypedResults.Ok(ChatReply.From(result));
        }

        var (stream, streamFailure) = await router.StartStreamAsync(call, ct);
        return stream is null ? streamFailure!.ToResult() : TypedResults.ServerSentEvents(ToSse(stream, ct));
    }

    /// <summary>
    /// W3C Server-Timing: the time the call waited on providers, and the time Socrates held the request in all, so a
    /// client can tell the model's time (provider), Socrates' own (total minus provider) and the network's (its
    /// response time minus total) apart.
    /// </summary>
    private static string ServerTiming(TimeSpan provider, TimeSpan total) =>
        string.Create(CultureInfo.InvariantCulture, $"provider;dur={provider.TotalMilliseconds:0.###}, total;dur={total.TotalMilliseconds:0.###}");

    /// <summary>"delta" events carry text; the last event is "usage" (tokens and cost) or "error" (a ProblemDetails-like body).</summary>
    private static async IAsyncEnumerable<SseItem<object>> ToSse(ChatRouter.ChatStreaming stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in stream.ReadAsync(ct))
        {
            switch (e)
            {
                case StreamDelta delta:
                    yield return new SseItem<object>(new StreamText(delta.Text), "delta");
                    break;
                case StreamEnd { Problem: { } p } end:
                    yield return new SseItem<object>(
                        new StreamError(p.Status, p.Title, p.Detail, end.Target.Provider, p.Extensions?["error_kind"] as string), "error");
                    yield return new SseItem<object>(ChatUsage.From(end.Target, end.Tokens, end.CostNanos), "usage");
                    break;
                case StreamEnd end:
                    yield return new SseItem<object>(ChatUsage.From(end.Target, end.Tokens, end.CostNanos), "usage");
                    break;
            }
        }
    }

    private static async Task<Results<Ok<GeneratedCodeResponse>, ValidationProblem, ProblemHttpResult>> GenerateCode(
        Guid projectId, ClaimsPrincipal user, SpecsDb db, CallLookups lookups, ChatRouter router, TimeProvider time, CancellationToken ct)
    {
        // Read fresh, not from the lookup cache: the prompt needs the project's name and description as they are now.
        var project = await db.FindOwnedAsync(projectId, user.Id(), ct);
        if (project is null)
        {
            return Problems.ProjectNotFound(projectId);
        }

        var specifications = await db.Specifications.AsNoTracking()
            .Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.Category).ThenBy(s => s.Key)
            .Select(s => new { s.Category, s.Key, s.Value })
            .ToListAsync(ct);
        if (specifications.Count == 0)
        {
            return Problems.Invalid("specifications",
                $"Project {projectId} has no specifications yet; add some with POST /api/v1/projects/{projectId}/specifications first.");
        }

        var prompt = CodeGenerator.Prompt(project, specifications.Select(s => (s.Category, s.Key, s.Value)));
        var (call, problem) = await router.PrepareAsync(user.Id(), await lookups.ForCallAsync(project, ct), prompt, CodeGenerator.Options(), ct);
        if (call is null)
        {
            return problem!.ToResult();
        }

        var (result, failure) = await router.CompleteAsync(call, ct);
        if (result is null)
        {
            return failure!.ToResult();
        }

        if (!CodeGenerator.TryParse(result.Text, out var files, out var error))
        {
            return TypedResults.Problem(
                detail: $"'{result.Target.Provider}' (model {result.Target.Model}) answered, but: {error}",
                statusCode: StatusCodes.Status502BadGateway,
                title: "Unusable code generation answer",
                extensions: new Dictionary<string, object?> { ["provider"] = result.Target.Provider, ["model"] = result.Target.Model });
        }

        var stored = await CodeGenerator.StoreAsync(db, project, files, time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new GeneratedCodeResponse(
            [.. stored.Select(FileResponse.From)], ChatUsage.From(result.Target, result.Tokens, result.CostNanos)));
    }

    private static async Task<Results<Ok<UsageReport>, ValidationProblem, ProblemHttpResult>> Usage(
        ClaimsPrincipal user, SpecsDb db, UsageWriter writer, CancellationToken ct,
        Guid? project_id = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (from is { } f && to is { } t && f > t)
        {
            return Problems.Invalid("from", $"'from' ({f:O}) is after 'to' ({t:O}).");
        }

        if (project_id is { } id && !await db.OwnsAsync(id, user.Id(), ct))
        {
            return Problems.ProjectNotFound(id);
        }

        // Read-your-writes: calls this server made a moment ago are counted.
        await writer.FlushAsync(ct);
        return TypedResults.Ok(await UsageStats.ForUserAsync(db, user.Id(), project_id, from, to, ct));
    }

    private static async Task<Results<Ok<BudgetResponse>, ValidationProblem, ProblemHttpResult>> PutBudget(
        BudgetRequest request, ClaimsPrincipal user, SpecsDb db, UsageWriter writer, CallLookups lookups, TimeProvider time, CancellationToken ct)
    {
        var validation = request.Validate();
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var userId = user.Id();
        if (request.ProjectId is { } projectId && !await db.OwnsAsync(projectId, userId, ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var scope = request.ProjectId ?? Guid.Empty;
        var now = time.GetUtcNow();
        var period = LlmBudget.PeriodOf(now);
        var budget = await db.Set<LlmBudget>().FirstOrDefaultAsync(b => b.UserId == userId && b.ProjectId == scope, ct);
        if (budget is null || budget.Period != period)
        {
            // A new budget, or the first touch this month: this month's spend so far comes from the daily rollup.
            await writer.FlushAsync(ct);
            var monthStart = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
            var usage = db.Set<LlmUsageDaily>().Where(d => d.UserId == userId && d.Day >= monthStart);
            if (request.ProjectId is { } p)
            {
                usage = usage.Where(d => d.ProjectId == p);
            }

            var spent = await usage.SumAsync(d => d.CostNanos, ct);
            if (budget is null)
            {
                budget = new LlmBudget { Id = Guid.CreateVersion7(), UserId = userId, ProjectId = scope };
                db.Set<LlmBudget>().Add(budget);
            }

            budget.Period = period;
            budget.SpentNanos = spent;
            budget.ReservedNanos = 0;
        }

        budget.LimitNanos = Pricing.Nanos(request.MonthlyLimitUsd!.Value);
        budget.UpdatedAt = now.UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict("Another request set this budget at the same moment; nothing was saved. Try again.");
        }

        lookups.Budgets.Invalidate(userId);

        return TypedResults.Ok(ToResponse(budget));
    }

    private static async Task<Ok<BudgetList>> ListBudgets(ClaimsPrincipal user, SpecsDb db, TimeProvider time, CancellationToken ct)
    {
        var userId = user.Id();
        var period = LlmBudget.PeriodOf(time.GetUtcNow());
        var budgets = await db.Set<LlmBudget>().AsNoTracking().Where(b => b.UserId == userId).ToListAsync(ct);
        return TypedResults.Ok(new BudgetList([.. budgets
            .Select(b => b.Period == period ? b : new LlmBudget { Id = b.Id, UserId = b.UserId, ProjectId = b.ProjectId, LimitNanos = b.LimitNanos, Period = period })
            .OrderBy(b => b.ProjectId)
            .Select(ToResponse)]));
    }

    private static BudgetResponse ToResponse(LlmBudget b) => new(
        b.ProjectId == Guid.Empty ? null : b.ProjectId,
        Pricing.Dollars(b.LimitNanos)!.Value,
        Pricing.Dollars(b.SpentNanos)!.Value,
        string.Create(CultureInfo.InvariantCulture, $"{b.Period / 100:D4}-{b.Period % 100:D2}"));
}
