using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
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
            });
        services.AddAuthorization();
        services.AddSingleton<TokenService>();
        services.AddSingleton<PasswordHashing>();
        return services;
    }
}
