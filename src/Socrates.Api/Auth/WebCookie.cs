using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Socrates.Api.Auth;

/// <summary>
/// The web app's session: an HttpOnly, SameSite=Lax cookie carrying the same two claims as an access token (the
/// user id as "sub" and the security stamp), so <see cref="CurrentUser.Id"/> reads either, and a password change
/// or a deleted account ends every browser session at its next request, as it ends every token.
/// </summary>
public static class WebCookie
{
    public const string Name = "socrates";
    public const string SignInPath = "/account/sign-in";

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = Name;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.LoginPath = SignInPath;
        o.LogoutPath = "/account/sign-out";
        o.AccessDeniedPath = SignInPath;
        o.Events.OnValidatePrincipal = RequireCurrentStampAsync;
    }

    public static ClaimsPrincipal PrincipalFor(User user) => new(new ClaimsIdentity(
        [
            new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
            new Claim(TokenService.StampClaim, user.SecurityStamp.ToString()),
            new Claim(JwtRegisteredClaimNames.Name, user.Name),
            new Claim(JwtRegisteredClaimNames.Email, user.Email),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme,
        JwtRegisteredClaimNames.Name,
        roleType: null));

    private static async Task RequireCurrentStampAsync(CookieValidatePrincipalContext context)
    {
        var subject = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
        var stamp = context.Principal?.FindFirstValue(TokenService.StampClaim);
        var stamps = context.HttpContext.RequestServices.GetRequiredService<SecurityStamps>();
        if (!Guid.TryParse(subject, out var userId) || !Guid.TryParse(stamp, out var stampValue)
            || !await stamps.IsCurrentAsync(userId, stampValue, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
