using System.ComponentModel.DataAnnotations;

namespace Socrates.Api.Tokens;

/// <summary>Personal access tokens: the limits a token gets unless it sets its own, and how long lookups are cached.</summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>Requests per minute a token may make on /v1 unless it was created with its own limit.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Tokens (input and output) per minute a token may use on /v1 unless it was created with its own limit.</summary>
    [Range(1, 1_000_000_000)]
    public int TokensPerMinute { get; set; } = 2_000_000;

    /// <summary>
    /// How long an instance keeps a token it has looked up. A revocation reaches every instance at once through
    /// PostgreSQL NOTIFY; this bounds how long a lost notification could leave a revoked token working.
    /// </summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a token may be made to live; a token with no expiry is allowed too.</summary>
    [Range(1, 3650)]
    public int MaxExpiresInDays { get; set; } = 3650;
}
