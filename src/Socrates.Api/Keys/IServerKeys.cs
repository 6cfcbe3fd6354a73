namespace Socrates.Api.Keys;

/// <summary>The keys the operator configured for the whole server, per provider; implemented by the feature that knows where they live.</summary>
public interface IServerKeys
{
    /// <summary>The server's key for <paramref name="provider"/>, or null when it has none. Never sent to a client.</summary>
    string? Find(string provider);
}
