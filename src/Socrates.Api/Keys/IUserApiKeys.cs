using Socrates.Api.Http;

namespace Socrates.Api.Keys;

/// <summary>
/// The caller's own provider keys (each LLM provider, and github), decrypted for one call.
/// Implemented by the encrypted key store in the auth database.
/// </summary>
public interface IUserApiKeys
{
    /// <summary>The clear key the user stored for <paramref name="provider"/>, or null when they stored none.</summary>
    /// <exception cref="ApiKeyUnreadableException">The stored value cannot be decrypted (tampered, or its master key is gone).</exception>
    Task<string?> FindAsync(Guid userId, string provider, CancellationToken ct);
}

public sealed class ApiKeyUnreadableException(string provider, string reason) : ProblemException(
    StatusCodes.Status409Conflict,
    "Stored API key unreadable",
    $"Your stored {provider} API key cannot be decrypted ({reason}). Delete it and add it again.",
    new Dictionary<string, object?> { ["provider"] = provider })
{
    public string Provider { get; } = provider;
}
