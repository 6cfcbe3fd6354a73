using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RequireExistingUserAsync };
            });
        services.AddAuthorization();
        services.AddSingleton<TokenService>();
        services.AddSingleton<KnownUsers>();
        services.AddSingleton<PasswordHashing>();
        return services;
    }

    /// <summary>
    /// A signature proves who issued a token, not that its subject is someone: a subject that is not a user id, or
    /// names no user (deleted since), is refused here as 401, before any handler reads it as the caller's id.
    /// </summary>
    private static async Task RequireExistingUserAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
        if (!Guid.TryParse(subject, out var userId))
        {
            context.Fail("The access token's subject is not a user id.");
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<KnownUsers>();
        if (!await users.ExistsAsync(userId, context.HttpContext.RequestAborted))
        {
            context.Fail("The access token's user does not exist.");
        }
    }
}
