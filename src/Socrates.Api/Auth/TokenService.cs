using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Socrates.Api.Auth;

public sealed record AccessToken(string Value, TimeSpan Lifetime);

public sealed class TokenService(IOptions<JwtOptions> options, TimeProvider time)
{
    /// <summary>The claim holding the user's <see cref="User.SecurityStamp"/> when the token was issued.</summary>
    public const string StampClaim = "stamp";

    /// <summary>The only algorithm tokens are signed with, and so the only one accepted.</summary>
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    public static SymmetricSecurityKey SigningKeyOf(JwtOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey!));

    public AccessToken Issue(User user)
    {
        var jwt = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + jwt.AccessTokenLifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                new Claim(JwtRegisteredClaimNames.Name, user.Name),
                new Claim(StampClaim, user.SecurityStamp.ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(SigningKeyOf(jwt), Algorithm),
        };
        return new AccessToken(new JsonWebTokenHandler().CreateToken(descriptor), jwt.AccessTokenLifetime);
    }
}
