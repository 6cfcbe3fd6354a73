using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Socrates.Api.Auth;

namespace Socrates.Api.Tokens;

/// <summary>
/// Authenticates "Authorization: Bearer sk-soc-…": the token's user becomes the caller, with the token's id, project
/// and scopes as claims. A token whose user was deleted since is refused like a revoked one.
/// </summary>
public sealed class PersonalTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PersonalTokens tokens, SecurityStamps users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalToken";

    /// <summary>The secret in the request's bearer header when it has a token's shape, else null.</summary>
    public static string? SecretOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var secret = header[bearer.Length..].Trim();
        return TokenSecret.LooksLikeOne(secret) ? secret : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SecretOf(Request) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        var grant = await tokens.FindAsync(secret, Context.RequestAborted);
        if (grant is null || !await users.ExistsAsync(grant.UserId, Context.RequestAborted))
        {
            // Never the secret: the log must not hold what would let a reader use it.
            return AuthenticateResult.Fail("The personal access token is unknown, revoked or expired.");
        }

        tokens.Touch(grant.Id);
        List<Claim> claims =
        [
            new(JwtRegisteredClaimNames.Sub, grant.UserId.ToString()),
            new(TokenScopes.TokenIdClaim, grant.Id.ToString()),
            new(TokenScopes.ProjectClaim, grant.ProjectId.ToString()),
            .. grant.Scopes.Select(s => new Claim(TokenScopes.Claim, s)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        Context.Features.Set(grant);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
