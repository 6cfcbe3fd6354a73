using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Llm;

/// <summary>A provider and model to try, in order: the project's choice first, then its fallbacks.</summary>
public sealed record ChatRoute(string Provider, string Model);

/// <summary>Everything decided before the first byte goes to a provider: keys found, budget held.</summary>
public sealed record PreparedCall(
    Guid UserId, Guid ProjectId, IReadOnlyList<ChatTarget> Targets, IList<ChatMessage> Messages, ChatOptions Options, BudgetReservation Budget);

/// <param name="ProviderTime">
/// From the first attempt's request to the answer: every attempt and the pauses between retries. The rest of the
/// call's time is Socrates' own.
/// </param>
public sealed record ChatResult(ChatTarget Target, string Text, TokenCounts Tokens, long? CostNanos, TimeSpan ProviderTime);

/// <summary>
/// Sends one chat to the project's model: keys (the caller's before the system's), budget, per-attempt timeout,
/// retries with backoff that honour Retry-After, fallbacks, and one usage row per attempt.
/// </summary>
public sealed class ChatRouter(
    ChatClientFactory clients,
    ModelCatalogue catalogue,
    UsageRecorder usage,
    BudgetGuard budgets,
    IOptionsMonitor<LlmOptions> llmOptions,
    IOptionsMonitor<LlmCallOptions> callOptions,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ChatRouter> logger)
{
    private LlmCallOptions Calls => callOptions.CurrentValue;

    // For the stream below, which outlives the call that started it.
    private UsageRecorder Usage => usage;
    private BudgetGuard Budgets => budgets;
    private TimeProvider Time => time;
    private ILogger Log => logger;

    /// <summary>Null for a model the catalogue does not price; a failed attempt of a priced model costs a known $0.</summary>
    private long? CostOf(ChatTarget target, TokenCounts tokens) => Pricing.CostNanos(catalogue.Find(target.Provider, target.Model), tokens);

    public async Task<(PreparedCall? Call, LlmProblem? Problem)> PrepareAsync(
        Guid userId, ProjectForCall project, IList<ChatMessage> messages, ChatOptions options, CancellationToken ct)
    {
        var projectId = project.Settings.ProjectId;
        var routes = ProjectLlm.Routes(project.Settings, llmOptions.CurrentValue);
        var targets = new List<ChatTarget>();
        foreach (var route in routes)
        {
            string? key;
            try
            {
                key = await FindKeyAsync(userId, route.Provider, ct);
            }
            catch (ApiKeyUnreadableException e) when (targets.Count == 0)
            {
                return (null, LlmProblem.UnreadableKey(e));
            }
            catch (ApiKeyUnreadableException e)
            {
                logger.LogWarning("Fallback {Provider} skipped: {Reason}", route.Provider, e.Message);
                continue;
            }

            var needsKey = catalogue.FindProvider(route.Provider)?.NeedsApiKey ?? true;
            if (key is null && needsKey)
            {
                if (targets.Count == 0)
                {
                    return (null, LlmProblem.MissingKey(route.Provider));
                }

                // A fallback without a key is not an error: it is simply not available to this caller.
                continue;
            }

            targets.Add(clients.Target(route.Provider, route.Model, key));
        }

        var first = targets[0];
        var estimate = Pricing.CostNanos(
            catalogue.Find(first.Provider, first.Model),
            new TokenCounts(InputEstimate(messages), options.MaxOutputTokens ?? Calls.DefaultMaxTokens, 0, 0)) ?? 0;
        var (reservation, exceeded) = await budgets.ReserveAsync(project.BudgetIds, estimate, ct);
        return exceeded is not null
            ? (null, LlmProblem.OverBudget(exceeded))
            : (new PreparedCall(userId, projectId, targets, messages, options, reservation!), null);
    }

    /// <summary>The caller's own key first, then the system key from configuration.</summary>
    private async Task<string?> FindKeyAsync(Guid userId, string provider, CancellationToken ct)
    {
        // The key store is another feature's; until it is registered only system keys exist.
        if (services.GetService<IUserApiKeys>() is { } userKeys
            && await userKeys.FindAsync(userId, provider, ct) is { Length: > 0 } own)
        {
            return own;
        }

        return llmOptions.CurrentValue.For(provider).ApiKey is { Length: > 0 } system ? system : null;
    }

    // About four characters a token in English; only used to size the budget hold.
    private static long InputEstimate(IList<ChatMessage> messages) => messages.Sum(m => (long)m.Text.Length) / 4 + 1;

    public async Task<(ChatResult? Result, LlmProblem? Problem)> CompleteAsync(PreparedCall call, CancellationToken ct)
    {
        long spent = 0;
        try
        {
            UpstreamFailure? last = null;
            var attempts = 0;
            var firstAttempt = time.GetTimestamp();
            foreach (var target in call.Targets)
            {
                for (var attempt = 1; attempt <= Calls.MaxAttempts; attempt++)
                {
                    attempts++;
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(Calls.Timeout);
                    var wire = UpstreamAttempt.Begin();
                    var started = time.GetTimestamp();
                    try
                    {
                        var response = await clients.Create(target).GetResponseAsync(call.Messages, call.Options, timeout.Token);
                        var providerTime = time.GetElapsedTime(firstAttempt);
                        var tokens = TokenCounts.From(response.Usage);
                        var cost = Pricing.CostNanos(catalogue.Find(target.Provider, target.Model), tokens);
                        spent += cost ?? 0;
                        await usage.RecordAsync(call.UserId, call.ProjectId, target, tokens, cost, time.GetElapsedTime(started), UsageStatus.Ok, null);
                        return (new ChatResult(target, response.Text, tokens, cost, providerTime), null);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        await usage.RecordAsync(call.UserId, call.ProjectId, target, TokenCounts.Zero, CostOf(target, TokenCounts.Zero), time.GetElapsedTime(started), UsageStatus.Cancelled, null);
                        throw;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || timeout.IsCancellationRequested)
                    {
                        last = UpstreamFailure.Classify(target, e, wire, timeout.IsCancellationRequested);
                        await RecordFailureAsync(call, target, last, started, e);
                    }

                    if (!await WaitBeforeRetryAsync(last, attempt, ct))
                    {
                        break;
                    }
                }
            }

            return (null, last!.ToProblem(attempts));
        }
        finally
        {
            await budgets.SettleAsync(call.Budget, spent);
        }
    }

    /// <summary>
    /// Tries targets until one yields its first update; only then is the caller committed to that stream.
    /// Retries and fallbacks are impossible once text has gone out.
    /// </summary>
    public async Task<(ChatStreaming? Stream, LlmProblem? Problem)> StartStreamAsync(PreparedCall call, CancellationToken ct)
    {
        UpstreamFailure? last = null;
        var attempts = 0;
        foreach (var target in call.Targets)
        {
            for (var attempt = 1; attempt <= Calls.MaxAttempts; attempt++)
            {
                attempts++;
                var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(Calls.Timeout);
                var wire = UpstreamAttempt.Begin();
                var started = time.GetTimestamp();
                IAsyncEnumerator<ChatResponseUpdate>? updates = null;
                try
                {
                    updates = clients.Create(target).GetStreamingResponseAsync(call.Messages, call.Options, timeout.Token).GetAsyncEnumerator(timeout.Token);
                    var any = await updates.MoveNextAsync();
                    return (new ChatStreaming(this, call, target, updates, any, timeout, wire, started), null);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await DisposeQuietlyAsync(updates);
                    timeout.Dispose();
                    await usage.RecordAsync(call.UserId, call.ProjectId, target, TokenCounts.Zero, CostOf(target, TokenCounts.Zero), time.GetElapsedTime(started), UsageStatus.Cancelled, null);
                    await budgets.SettleAsync(call.Budget, 0);
                    throw;
                }
                catch (Exception e) when (e is not OperationCanceledException || timeout.IsCancellationRequested)
                {
                    await DisposeQuietlyAsync(updates);
                    last = UpstreamFailure.Classify(target, e, wire, timeout.IsCancellationRequested);
                    timeout.Dispose();
                    await RecordFailureAsync(call, target, last, started, e);
                }

                if (!await WaitBeforeRetryAsync(last, attempt, ct))
                {
                    break;
                }
            }
        }

        await budgets.SettleAsync(call.Budget, 0);
        return (null, last!.ToProblem(attempts));
    }

    private async Task RecordFailureAsync(PreparedCall call, ChatTarget target, UpstreamFailure failure, long started, Exception e)
    {
        // The exception text stays in the log: SDK messages can quote the provider's body.
        logger.LogWarning("{Provider} {Model} attempt failed: {Kind} (HTTP {Status}): {Error}",
            target.Provider, target.Model, failure.Kind, failure.UpstreamStatus, e.Message);
        await usage.RecordAsync(call.UserId, call.ProjectId, target, TokenCounts.Zero, CostOf(target, TokenCounts.Zero), time.GetElapsedTime(started), UsageStatus.Error, failure.Kind);
    }

    /// <summary>Waits out the backoff and says whether to try the same target again (false: move to the next).</summary>
    private async Task<bool> WaitBeforeRetryAsync(UpstreamFailure failure, int attempt, CancellationToken ct)
    {
        if (!failure.Retryable || attempt >= Calls.MaxAttempts)
        {
            return false;
        }

        var delay = failure.RetryAfter ?? Backoff(attempt);
        if (delay > Calls.MaxRetryAfter)
        {
            return false;
        }

        await Task.Delay(delay, time, ct);
        return true;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = Calls.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(exponential * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate>? updates)
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

    /// <summary>A stream that has produced its first update; enumerate it once.</summary>
    public sealed class ChatStreaming(
        ChatRouter router,
        PreparedCall call,
        ChatTarget target,
        IAsyncEnumerator<ChatResponseUpdate> updates,
        bool hasFirst,
        CancellationTokenSource timeout,
        UpstreamAttempt wire,
        long started)
    {
        public ChatTarget Target => target;

        /// <summary>Text deltas, then one final <see cref="StreamEnd"/>; usage is recorded whatever happens.</summary>
        public async IAsyncEnumerable<StreamEvent> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
        {
            var tokens = TokenCounts.Zero;
            var reportedAtStart = TokenCounts.Zero;
            UpstreamFailure? failure = null;
            var finished = false;
            var more = hasFirst;
            var text = new StringBuilder();
            try
            {
                while (more)
                {
                    var update = updates.Current;
                    reportedAtStart = StreamStartUsage.From(update) ?? reportedAtStart;
                    foreach (var content in update.Contents)
                    {
                        if (content is UsageContent u)
                        {
                            // Each UsageContent is a separate report to add, as ChatResponse.ToChatResponse does;
                            // the adapters used here emit one final report per stream.
                            tokens += TokenCounts.From(u.Details);
                        }
                    }

                    if (update.Text is { Length: > 0 } delta)
                    {
                        text.Append(delta);
                        yield return new StreamDelta(delta);
                    }

                    try
                    {
                        timeout.CancelAfter(router.Calls.Timeout);
                        more = await updates.MoveNextAsync();
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || timeout.IsCancellationRequested)
                    {
                        failure = UpstreamFailure.Classify(target, e, wire, timeout.IsCancellationRequested);
                        if (failure.Kind == UpstreamErrorKind.MalformedResponse && text.Length > 0)
                        {
                            failure = failure with { Kind = UpstreamErrorKind.Interrupted };
                        }

                        router.Log.LogWarning("{Provider} {Model} stream failed: {Kind}: {Error}", target.Provider, target.Model, failure.Kind, e.Message);
                        more = false;
                    }
                }

                finished = true;
            }
            finally
            {
                if (!finished || failure is not null)
                {
                    // Cancelled or broken: what the provider reported so far is still what it will bill, and if the
                    // stream ended before the adapter's usage report, that is what the provider said at its start.
                    if (tokens == TokenCounts.Zero)
                    {
                        tokens = reportedAtStart;
                    }

                    var partialCost = router.CostOf(target, tokens);
                    await router.Usage.RecordAsync(call.UserId, call.ProjectId, target, tokens, partialCost, router.Time.GetElapsedTime(started),
                        finished ? UsageStatus.Error : UsageStatus.Cancelled, failure?.Kind);
                    await router.Budgets.SettleAsync(call.Budget, partialCost ?? 0);
                    await DisposeQuietlyAsync(updates);
                    timeout.Dispose();
                }
            }

            if (failure is not null)
            {
                yield return new StreamEnd(target, tokens, router.CostOf(target, tokens), failure.ToProblem(1));
                yield break;
            }

            var cost = router.CostOf(target, tokens);
            try
            {
                await router.Usage.RecordAsync(call.UserId, call.ProjectId, target, tokens, cost, router.Time.GetElapsedTime(started), UsageStatus.Ok, null);
                await router.Budgets.SettleAsync(call.Budget, cost ?? 0);
            }
            finally
            {
                await DisposeQuietlyAsync(updates);
                timeout.Dispose();
            }

            yield return new StreamEnd(target, tokens, cost, null);
        }
    }
}

public abstract record StreamEvent;

public sealed record StreamDelta(string Text) : StreamEvent;

public sealed record StreamEnd(ChatTarget Target, TokenCounts Tokens, long? CostNanos, LlmProblem? Problem) : StreamEvent;
