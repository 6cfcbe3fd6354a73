using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Socrates.Api.Auth.Account;
using Socrates.Api.Auth.Limits;

namespace Socrates.Api.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddSocratesAuth(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .Validate(
                o => o.SigningKey is { Length: >= JwtOptions.MinimumKeyLength },
                $"Jwt:SigningKey is not set (or shorter than {JwtOptions.MinimumKeyLength} characters). " +
                "Set the environment variable Jwt__SigningKey to a random secret, e.g. the output of `openssl rand -base64 48`.")
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero, "Jwt:AccessTokenLifetime must be positive.")
            .Validate(o => o.SecurityStampCacheLifetime >= TimeSpan.Zero, "Jwt:SecurityStampCacheLifetime cannot be negative (00:00:00 reads the stamp on every request).")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<JwtOptions>, DevelopmentSigningKey>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                // A rejected token gets a plain challenge: why it failed (expired, bad signature) helps a forger more than a client.
                bearer.IncludeErrorDetails = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    IssuerSigningKey = TokenService.SigningKeyOf(jwt.Value),
                    ClockSkew = TimeSpan.FromSeconds(30),
                    // Pinned, so no token is read under an algorithm we never sign with (another HMAC, or "none").
                    ValidAlgorithms = [TokenService.Algorithm],
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RequireCurrentStampAsync };
            });
        services.AddAuthorization();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<PasswordHashing>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<AccountDeletion>();
        services.AddAuthRateLimits();
        return services;
    }

    /// <summary>
    /// A signature proves who issued a token, not that it still speaks for someone: a subject that is not a user id,
    /// names no user (deleted since), or a stamp that is not the user's current one (the password changed since) is
    /// refused here as 401, before any handler reads the subject as the caller's id.
    /// </summary>
    private static async Task RequireCurrentStampAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
        var stamp = context.Principal?.FindFirstValue(TokenService.StampClaim);
        if (!Guid.TryParse(subject, out var userId) || !Guid.TryParse(stamp, out var stampValue))
        {
            context.Fail("The access token has no user id or no security stamp.");
            return;
        }

        var stamps = context.HttpContext.RequestServices.GetRequiredService<SecurityStamps>();
        if (!await stamps.IsCurrentAsync(userId, stampValue, context.HttpContext.RequestAborted))
        {
            context.Fail("The access token's user does not exist, or changed their password since.");
        }
    }
}
