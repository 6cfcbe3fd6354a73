using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Socrates.Api.Tokens;

internal static class TokensSetup
{
    /// <summary>The /v1 endpoints: a personal access token (which names the project) and nothing else.</summary>
    public const string GatewayPolicy = "Gateway";

    public static IServiceCollection AddTokens(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.CacheLifetime >= TimeSpan.Zero, "Tokens:CacheLifetime cannot be negative (00:00:00 reads the token on every request).")
            .ValidateOnStart();
        services.AddSingleton<PersonalTokens>();
        // AddSocratesAuth's default scheme forwards a bearer credential shaped like a personal access token here.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokenHandler.SchemeName, null);
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
