namespace Socrates.Api.Keys;

/// <summary>Where a call's key comes from: the caller's own, else the server's, else none.</summary>
public enum KeySource
{
    None,
    User,
    Server,
}

/// <summary>The one rule for which key a call uses: the caller's stored key for the provider, else the server's key.</summary>
public sealed class ProviderKeys(IUserApiKeys userKeys, IEnumerable<IServerKeys> serverKeys)
{
    /// <summary>The clear key for the call, or null when neither the caller nor the server has one.</summary>
    /// <exception cref="ApiKeyUnreadableException">The caller stored a key that no longer decrypts.</exception>
    public async Task<string?> FindAsync(Guid userId, string provider, CancellationToken ct) =>
        await userKeys.FindAsync(userId, provider, ct) is { Length: > 0 } own ? own : ServerKey(provider);

    /// <summary>Which key a call would use, when the caller's readable stored providers are already known (no decryption).</summary>
    public KeySource SourceFor(string provider, IReadOnlySet<string> readableUserKeys) =>
        readableUserKeys.Contains(provider) ? KeySource.User : ServerKey(provider) is null ? KeySource.None : KeySource.Server;

    private string? ServerKey(string provider)
    {
        // A loop, not LINQ: this runs for every route of every call.
        foreach (var source in serverKeys)
        {
            if (source.Find(provider) is { } key && !string.IsNullOrWhiteSpace(key))
            {
                return key;
            }
        }

        return null;
    }
}
