using Microsoft.Extensions.Options;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm;

/// <summary>A user's stored key as the call path needs it: still sealed; opened only for the call that uses it.</summary>
public sealed record SealedApiKey(Guid Id, string Provider, EncryptedValue Value);

/// <summary>A budget and what it covers: one project, or (Guid.Empty) all of its user's calls.</summary>
public sealed record BudgetScope(Guid Id, Guid ProjectId);

/// <summary>
/// What every LLM call reads before it reaches a provider (the project's model settings, which budgets govern the
/// caller, the caller's stored keys), kept in memory so that a call normally makes no database round trip before
/// the provider's. Each write through this server invalidates its entry when it commits; writes through another
/// instance are seen within <see cref="LlmCallOptions.LookupCacheLifetime"/>.
/// </summary>
public sealed class CallLookups(IOptions<LlmCallOptions> options, TimeProvider time)
{
    public ReadThroughCache<Guid, ProjectLlmSettings> Projects { get; } = new(options.Value.LookupCacheLifetime, time);

    /// <summary>Per user: their budgets. Budgets are never deleted, so a cached id never names a missing row.</summary>
    public ReadThroughCache<Guid, BudgetScope[]> Budgets { get; } = new(options.Value.LookupCacheLifetime, time);

    /// <summary>Per user: every key they stored (one per provider), sealed.</summary>
    public ReadThroughCache<Guid, SealedApiKey[]> Keys { get; } = new(options.Value.LookupCacheLifetime, time);
}
