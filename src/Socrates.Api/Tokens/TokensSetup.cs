using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Socrates.Api.Tokens;

internal static class TokensSetup
{
    /// <summary>The scheme every endpoint authenticates with: a personal access token's shape picks its handler, anything else is a JWT.</summary>
    public const string BearerOrToken = "BearerOrToken";

    /// <summary>The /v1 endpoints: a personal access token (which names the project) and nothing else.</summary>
    public const string GatewayPolicy = "Gateway";

    public static IServiceCollection AddTokens(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.CacheLifetime >= TimeSpan.Zero, "Tokens:CacheLifetime cannot be negative (00:00:00 reads the token on every request).")
            .ValidateOnStart();
        services.AddSingleton<PersonalTokens>();
        // Replaces the JWT-only default that AddSocratesAuth sets.
        services.AddAuthentication(BearerOrToken)
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokenHandler.SchemeName, null)
            .AddPolicyScheme(BearerOrToken, "JWT or personal access token", o => o.ForwardDefaultSelector = context =>
                PersonalTokenHandler.SecretOf(context.Request) is null ? JwtBearerDefaults.AuthenticationScheme : PersonalTokenHandler.SchemeName);
        services.AddAuthorizationBuilder()
            // A token acts on the JSON API only with the scope "api"; a password login always does.
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.HasClaim(h => h.Type == TokenScopes.TokenIdClaim) || c.User.HasClaim(TokenScopes.Claim, TokenScopes.Api))
                .Build())
            .AddPolicy(GatewayPolicy, p => p.AddAuthenticationSchemes(PersonalTokenHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(TokenScopes.Claim, TokenScopes.Chat));
        return services;
    }
}
