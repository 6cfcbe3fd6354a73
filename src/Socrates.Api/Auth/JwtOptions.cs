namespace Socrates.Api.Auth;

public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public const int MinimumKeyLength = 32;

    public string Issuer { get; set; } = "socrates";
    public string Audience { get; set; } = "socrates";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a server trusts a user's security stamp without reading it again. A change (new password, deleted
    /// account) applies at once on the server that made it and, on PostgreSQL, on the others through
    /// <see cref="Persistence.CacheInvalidation"/>; this is only the bound for a notification that was lost.
    /// </summary>
    public TimeSpan SecurityStampCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>HMAC-SHA256 key, at least 32 characters. Set through the environment (Jwt__SigningKey), never committed.</summary>
    public string? SigningKey { get; set; }
}
