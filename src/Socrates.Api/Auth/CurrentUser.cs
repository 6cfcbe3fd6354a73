using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Socrates.Api.Auth;

public static class CurrentUser
{
    /// <summary>The signed-in user's id; only called behind RequireAuthorization, where the token carried it.</summary>
    public static Guid Id(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub)
            ?? throw new InvalidOperationException("The access token has no subject."));
}
