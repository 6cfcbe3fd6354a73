using System.Security.Claims;

namespace Socrates.Api.Tokens;

public static class CurrentToken
{
    /// <summary>The personal access token the request was authenticated with; null after a password login.</summary>
    public static Guid? TokenId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(TokenScopes.TokenIdClaim), out var id) ? id : null;
}
