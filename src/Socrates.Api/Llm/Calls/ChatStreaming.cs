using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Socrates.Api.Http;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;

namespace Socrates.Api.Llm.Calls;

public abstract record StreamEvent;

public sealed record StreamDelta(string Text) : StreamEvent;

/// <param name="FinishReason">Why the model stopped, in OpenAI's words, when the provider said.</param>
public sealed record StreamEnd(ChatTarget Target, TokenCounts Tokens, long? CostNanos, ProblemException? Problem, string? FinishReason = null) : StreamEvent;

/// <summary>A stream that has produced its first update; enumerate it once.</summary>
public sealed class ChatStreaming(
    ChatRouter router, CallLedger ledger, ILlmProvider provider, Attempt attempt, IAsyncEnumerator<ChatResponseUpdate> updates, bool hasFirst)
{
    public ChatTarget Target => attempt.Target;

    /// <summary>Text deltas, then one final <see cref="StreamEnd"/>; usage is recorded and the budget settled whatever happens.</summary>
    public async IAsyncEnumerable<StreamEvent> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var target = attempt.Target;
        var tokens = TokenCounts.Zero;
        var reportedAtStart = TokenCounts.Zero;
        UpstreamFailure? failure = null;
        var finished = false;
        var more = hasFirst;
        var text = new StringBuilder();
        string? finishReason = null;
        try
        {
            while (more)
            {
                var update = updates.Current;
                reportedAtStart = provider.UsageAtStreamStart(update) ?? reportedAtStart;
                finishReason = update.FinishReason?.Value ?? finishReason;
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
                    attempt.Extend(router.AttemptTimeout);
                    more = await updates.MoveNextAsync();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e) when (e is not OperationCanceledException || attempt.TimedOut)
                {
                    failure = UpstreamFailure.Classify(target, e, attempt.Wire, attempt.TimedOut);
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

                try
                {
                    await ledger.RecordAsync(target, tokens, attempt.Started, finished ? UsageStatus.Error : UsageStatus.Cancelled, failure?.Kind);
                }
                finally
                {
                    await ledger.SettleAsync();
                    await ChatRouter.DisposeQuietlyAsync(updates);
                    attempt.Dispose();
                }
            }
        }

        if (failure is not null)
        {
            yield return new StreamEnd(target, tokens, ledger.CostOf(target, tokens), failure.ToProblem(1));
            yield break;
        }

        // The final event goes out only once the usage row is journaled: a stream that ends without it was not recorded.
        long? cost;
        try
        {
            cost = await ledger.RecordAsync(target, tokens, attempt.Started, UsageStatus.Ok);
        }
        finally
        {
            await ledger.SettleAsync();
            await ChatRouter.DisposeQuietlyAsync(updates);
            attempt.Dispose();
        }

        yield return new StreamEnd(target, tokens, cost, null, finishReason);
    }
}
