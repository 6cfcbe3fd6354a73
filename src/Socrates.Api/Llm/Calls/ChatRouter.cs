using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Socrates.Api.Http;
using Socrates.Api.Keys;
using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;

namespace Socrates.Api.Llm.Calls;

/// <summary>A provider and model to try, in order: the project's choice first, then its fallbacks.</summary>
public sealed record ChatRoute(string Provider, string Model);

/// <summary>Everything decided before the first byte goes to a provider: keys found, budget held.</summary>
/// <param name="ConversationId">The kept conversation the call is made for, which tags its usage rows.</param>
public sealed record PreparedCall(
    Guid UserId, Guid ProjectId, IReadOnlyList<ChatTarget> Targets, IList<ChatMessage> Messages, ChatOptions Options, BudgetReservation Budget,
    Guid? ConversationId = null);

/// <param name="ProviderTime">
/// From the first attempt's request to the answer: every attempt and the pauses between retries. The rest of the
/// call's time is Socrates' own.
/// </param>
public sealed record ChatResult(ChatTarget Target, string Text, TokenCounts Tokens, long? CostNanos, TimeSpan ProviderTime);

/// <summary>
/// Sends one chat to the project's model: keys (the caller's before the system's), budget, per-attempt timeout,
/// retries with backoff that honour Retry-After, fallbacks, and one usage row per attempt. Every failure the caller
/// can act on is a <see cref="ProblemException"/>.
/// </summary>
public sealed class ChatRouter(
    ChatClientFactory clients,
    LlmProviders providers,
    ModelCatalogue catalogue,
    ProviderKeys keys,
    UsageRecorder usage,
    BudgetGuard budgets,
    IOptionsMonitor<LlmOptions> llmOptions,
    IOptionsMonitor<LlmCallOptions> callOptions,
    AttemptRetries retries,
    TokenCounter tokenCounter,
    TimeProvider time,
    ILogger<ChatRouter> logger)
{
    private LlmCallOptions Calls => callOptions.CurrentValue;

    /// <summary>Finds a key for each route the caller can use and holds the budget the first one's call may cost.</summary>
    /// <param name="inputTokens">The messages' size in tokens when the caller has counted it already (<see cref="TokenCounter"/>).</param>
    /// <exception cref="ProblemException">The project's own model cannot be called (no key, unreadable key, not configured), or a budget is used up.</exception>
    public async Task<PreparedCall> PrepareAsync(
        Guid userId, ProjectForCall project, IList<ChatMessage> messages, ChatOptions options, CancellationToken ct,
        Guid? conversationId = null, long? inputTokens = null)
    {
        var targets = new List<ChatTarget>();
        foreach (var route in ProjectLlm.Routes(project.Settings, llmOptions.CurrentValue))
        {
            try
            {
                if (project.BudgetIds.Count > 0)
                {
                    RequirePrice(route, project.Settings.ProjectId);
                }

                targets.Add(await TargetAsync(userId, route, ct));
            }
            catch (ProblemException e) when (targets.Count > 0)
            {
                // A fallback the caller cannot use is not an error: it is simply not available to them.
                logger.LogDebug("Fallback {Provider} skipped: {Reason}", route.Provider, e.Detail);
            }
        }

        var first = targets[0];
        var estimate = Pricing.CostNanos(
            catalogue.Find(first.Provider, first.Model),
            new TokenCounts(inputTokens ?? tokenCounter.Count(first.Provider, first.Model, messages), options.MaxOutputTokens ?? Calls.DefaultMaxTokens, 0, 0)) ?? 0;
        var reservation = await budgets.ReserveAsync(project.BudgetIds, estimate, ct);
        return new PreparedCall(userId, project.Settings.ProjectId, targets, messages, options, reservation, conversationId);
    }

    /// <summary>
    /// A call's cost is counted against a budget only through the catalogue's price, so under a budget a model without
    /// one would spend without limit: it is refused (a fallback without one is skipped).
    /// </summary>
    private void RequirePrice(ChatRoute route, Guid projectId)
    {
        if (catalogue.Find(route.Provider, route.Model) is not null)
        {
            return;
        }

        throw new ProblemException(StatusCodes.Status409Conflict, "Model has no price",
            $"The model '{route.Provider}/{route.Model}' has no price in the model catalogue, and a monthly budget governs this " +
            "project's calls, which could not count what it spends. Choose a priced model with " +
            $"POST /api/v1/projects/{projectId}/set-llm (GET /api/v1/llm/providers lists them), or have the operator price it " +
            "under Llm:Models in the server's configuration.",
            new Dictionary<string, object?> { ["provider"] = route.Provider, ["model"] = route.Model });
    }

    private async Task<ChatTarget> TargetAsync(Guid userId, ChatRoute route, CancellationToken ct)
    {
        // A model the catalogue no longer lists is still called (and recorded unpriced); a provider this server cannot call is not.
        if (providers.Find(route.Provider) is not { } provider)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Provider not offered",
                $"'{route.Provider}' is not a provider this server can call. Choose another model with POST /api/v1/projects/{{id}}/set-llm " +
                "(GET /api/v1/llm/providers lists them).",
                new Dictionary<string, object?> { ["provider"] = route.Provider, ["model"] = route.Model });
        }

        string? key;
        try
        {
            key = await keys.FindAsync(userId, route.Provider, ct);
        }
        catch (ApiKeyUnreadableException e)
        {
            throw new ProblemException(e.Status, e.Title, e.Detail + " Nothing was sent to the provider.", e.Extensions, e);
        }

        var unusable = ProviderReadiness.Check(provider, llmOptions.CurrentValue.For(route.Provider), key is not null);
        return unusable is null ? clients.Target(route.Provider, route.Model, key) : throw unusable;
    }

    private CallLedger Ledger(PreparedCall call) => new(call, usage, budgets, catalogue, time);

    /// <exception cref="ProblemException">Every target failed; the last failure says why.</exception>
    public async Task<ChatResult> CompleteAsync(PreparedCall call, CancellationToken ct)
    {
        var ledger = Ledger(call);
        try
        {
            var firstAttempt = time.GetTimestamp();
            var (target, response, started, providerTime) = await TryTargetsAsync(call, ledger, async attempt =>
            {
                using var _ = attempt;
                var response = await clients.Create(attempt.Target).GetResponseAsync(call.Messages, call.Options, attempt.Token);
                return (attempt.Target, response, attempt.Started, time.GetElapsedTime(firstAttempt));
            }, ct);

            // Outside the attempt: a usage row that cannot be stored fails the call, it is not a provider failure to retry.
            var tokens = TokenCounts.From(response.Usage);
            var cost = await ledger.RecordAsync(target, tokens, started, UsageStatus.Ok);
            return new ChatResult(target, response.Text, tokens, cost, providerTime);
        }
        finally
        {
            await ledger.SettleAsync();
        }
    }

    /// <summary>
    /// Tries targets until one yields its first update; only then is the caller committed to that stream.
    /// Retries and fallbacks are impossible once text has gone out.
    /// </summary>
    /// <exception cref="ProblemException">Every target failed before its first update.</exception>
    public async Task<ChatStreaming> StartStreamAsync(PreparedCall call, CancellationToken ct)
    {
        var ledger = Ledger(call);
        try
        {
            return await TryTargetsAsync(call, ledger, async attempt =>
            {
                IAsyncEnumerator<ChatResponseUpdate>? updates = null;
                try
                {
                    updates = clients.Create(attempt.Target).GetStreamingResponseAsync(call.Messages, call.Options, attempt.Token).GetAsyncEnumerator(attempt.Token);
                    var any = await updates.MoveNextAsync();
                    return new ChatStreaming(this, ledger, providers[attempt.Target.Provider], attempt, updates, any);
                }
                catch
                {
                    await DisposeQuietlyAsync(updates);
                    attempt.Dispose();
                    throw;
                }
            }, ct);
        }
        catch
        {
            await ledger.SettleAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="send"/> against each target in turn, retrying each as <see cref="AttemptRetries"/> allows, and
    /// records every failed or cancelled attempt. <paramref name="send"/> owns the attempt it is given (and its timeout).
    /// </summary>
    private async Task<T> TryTargetsAsync<T>(PreparedCall call, CallLedger ledger, Func<Attempt, Task<T>> send, CancellationToken ct)
    {
        UpstreamFailure? last = null;
        var attempts = 0;
        var pipeline = retries.Pipeline;
        foreach (var target in call.Targets)
        {
            try
            {
                return await pipeline.ExecuteAsync(async token =>
                {
                    attempts++;
                    var attempt = new Attempt(target, Calls.Timeout, time, token);
                    try
                    {
                        return await send(attempt);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        await ledger.RecordAsync(target, TokenCounts.Zero, attempt.Started, UsageStatus.Cancelled);
                        throw;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || attempt.TimedOut)
                    {
                        var failure = UpstreamFailure.Classify(target, e, attempt.Wire, attempt.TimedOut);

                        // The exception text stays in the log: SDK messages can quote the provider's body.
                        logger.LogWarning("{Provider} {Model} attempt failed: {Kind} (HTTP {Status}): {Error}",
                            target.Provider, target.Model, failure.Kind, failure.UpstreamStatus, e.Message);
                        await ledger.RecordAsync(target, TokenCounts.Zero, attempt.Started, UsageStatus.Error, failure.Kind);
                        throw new FailedAttemptException(failure, e);
                    }
                }, ct);
            }
            catch (FailedAttemptException e)
            {
                last = e.Failure;
            }
        }

        throw last!.ToProblem(attempts);
    }

    internal TimeSpan AttemptTimeout => Calls.Timeout;

    internal ILogger Log => logger;

    internal static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate>? updates)
    {
        if (updates is null)
        {
            return;
        }

        try
        {
            await updates.DisposeAsync();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The attempt has already failed; a second error while closing it says nothing new.
        }
    }
}

/// <summary>One try of one target: its timeout, what the wire showed, and when it began.</summary>
public sealed class Attempt : IDisposable
{
    private readonly CancellationTokenSource _timeout;

    public Attempt(ChatTarget target, TimeSpan timeout, TimeProvider time, CancellationToken callerToken)
    {
        Target = target;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _timeout.CancelAfter(timeout);
        Wire = UpstreamAttempt.Begin();
        Started = time.GetTimestamp();
    }

    public ChatTarget Target { get; }

    public UpstreamAttempt Wire { get; }

    /// <summary>A <see cref="TimeProvider"/> timestamp.</summary>
    public long Started { get; }

    public CancellationToken Token => _timeout.Token;

    public bool TimedOut => _timeout.IsCancellationRequested;

    /// <summary>Restarts the timeout: for a stream, it bounds each wait for the next piece.</summary>
    public void Extend(TimeSpan timeout) => _timeout.CancelAfter(timeout);

    public void Dispose() => _timeout.Dispose();
}
