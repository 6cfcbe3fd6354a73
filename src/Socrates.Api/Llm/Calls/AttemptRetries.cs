using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Socrates.Api.Llm.Calls;

/// <summary>An attempt that failed, as Polly sees it: the classified failure decides whether it is tried again and after how long.</summary>
public sealed class FailedAttemptException(UpstreamFailure failure, Exception cause) : Exception(failure.Kind, cause)
{
    public UpstreamFailure Failure { get; } = failure;
}

/// <summary>
/// How one target is retried (Llm:Calls): Polly's exponential backoff with jitter, or the provider's Retry-After when it
/// sends one, and no retry at all when that is longer than MaxRetryAfter (the call falls back instead). The fallback
/// order and the usage row per attempt stay in <see cref="ChatRouter"/>: Polly only decides when to try again.
/// </summary>
public sealed class AttemptRetries(IOptionsMonitor<LlmCallOptions> options, TimeProvider time)
{
    private sealed record Built(LlmCallOptions Options, ResiliencePipeline Pipeline);

    private Built? _built;

    /// <summary>The pipeline for the current options, rebuilt only when they change.</summary>
    public ResiliencePipeline Pipeline
    {
        get
        {
            var current = options.CurrentValue;
            if (_built is { } built && ReferenceEquals(built.Options, current))
            {
                return built.Pipeline;
            }

            var pipeline = Build(current);
            _built = new Built(current, pipeline);
            return pipeline;
        }
    }

    private ResiliencePipeline Build(LlmCallOptions calls)
    {
        if (calls.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = calls.MaxAttempts - 1,
                Delay = calls.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = calls.MaxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is FailedAttemptException { Failure: { Retryable: true } failure }
                    && (failure.RetryAfter ?? TimeSpan.Zero) <= calls.MaxRetryAfter),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is FailedAttemptException { Failure.RetryAfter: { } after } ? after : (TimeSpan?)null),
            })
            .Build();
    }
}
