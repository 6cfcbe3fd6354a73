using Socrates.Api.Http;

namespace Socrates.Api.Keys;

public sealed record AddApiKeyRequest(string? Provider, string? ApiKey, string? Label)
{
    /// <param name="providers">What a key may be stored for (<see cref="KeyProviders"/>).</param>
    public Validator Validate(IReadOnlyList<string> providers)
    {
        var v = new Validator()
            .Required("provider", Provider, 32)
            .OneOf("provider", Provider, providers)
            .MaxLength("label", Label, Keys.ApiKey.MaxLabelLength);

        // Messages about the key never quote it: a validation error is returned, and may be logged.
        var key = ApiKey?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            v.Add("api_key", "'api_key' is required.");
        }
        else if (key.Length > Keys.ApiKey.MaxKeyLength)
        {
            v.Add("api_key", $"'api_key' must be at most {Keys.ApiKey.MaxKeyLength} characters (it has {key.Length}).");
        }
        else if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // The key goes into an HTTP header; a line break there would be header injection.
            v.Add("api_key", "'api_key' must not contain spaces, line breaks or control characters. Paste the key alone.");
        }
        else if (key.Any(c => c is <= ' ' or > '~'))
        {
            // Providers issue printable ASCII keys, and only ASCII can be sent in the header that carries one: a key
            // with any other character could be stored but never used.
            v.Add("api_key", "'api_key' must be printable ASCII (letters, digits and punctuation). Check it was copied whole from your provider.");
        }

        return v;
    }
}

/// <param name="Readable">False when this server can no longer decrypt the key (altered, or its master key is gone): delete it and add it again.</param>
public sealed record ApiKeyResponse(Guid Id, string Provider, string? Label, string MaskedKey, int KeyVersion, bool Readable, DateTime CreatedAt)
{
    public static ApiKeyResponse From(StoredApiKey stored) => new(
        stored.Key.Id, stored.Key.Provider, stored.Key.Label, stored.Key.MaskedKey, stored.Key.KeyVersion, stored.Readable, stored.Key.CreatedAt);
}

public sealed record ApiKeyList(IReadOnlyList<ApiKeyResponse> Keys);
