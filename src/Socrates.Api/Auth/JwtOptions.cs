namespace Socrates.Api.Auth;

public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public const int MinimumKeyLength = 32;

    public string Issuer { get; set; } = "socrates";
    public string Audience { get; set; } = "socrates";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>HMAC-SHA256 key, at least 32 characters. Set through the environment (Jwt__SigningKey), never committed.</summary>
    public string? SigningKey { get; set; }
}
