using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Tokens;

/// <summary>The caller's personal access tokens: created with the secret shown once, listed by hint, revoked at once everywhere.</summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization().ProducesSignedInProblems();
        group.MapPost("/", Create).WithName("CreateToken")
            .WithSummary("Create a personal access token")
            .WithDescription("The token (sk-soc-…) is returned in this response only; the server keeps its SHA-256. It authenticates the " +
                "OpenAI-compatible /v1 endpoints on its project and, with the scope 'api', the JSON API as its user. Scopes: 'chat' " +
                "(the default) and 'api'. A password change revokes every token of the account.")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample(new CreateTokenRequest("editor on laptop", Guid.Parse("0199c4a2-5d3e-7b41-9c1a-2f6e8d4b7a10"), 90, ["chat"], 60, null));
        group.MapGet("/", List).WithName("ListTokens").WithSummary("List your live personal access tokens");
        group.MapDelete("/{tokenId:guid}", Revoke).WithName("RevokeToken")
            .WithSummary("Revoke a personal access token")
            .WithDescription("Refused from the next request on, on every server instance. Its usage keeps the token's name.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateTokenRequest request, ClaimsPrincipal user, AuthDb auth, SpecsDb specs, IOptions<TokenOptions> options, TimeProvider time,
        CancellationToken ct)
    {
        var defaults = options.Value;
        var validation = request.Validate(defaults);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var projectId = request.ProjectId!.Value;
        if (!await specs.OwnsAsync(projectId, user.Id(), ct))
        {
            return Problems.ProjectNotFound(projectId);
        }

        var secret = TokenSecret.New();
        var hash = TokenSecret.Hash(secret);
        var now = time.GetUtcNow().UtcDateTime;
        var token = new PersonalToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id(),
            ProjectId = projectId,
            Name = TextRules.Trim(request.Name!),
            LookupId = TokenSecret.LookupIdOf(hash),
            Hash = hash,
            LastFour = secret[^4..],
            Scopes = request.ScopeList(),
            RequestsPerMinute = request.RequestsPerMinute,
            TokensPerMinute = request.TokensPerMinute,
            CreatedAt = now,
            ExpiresAt = request.ExpiresInDays is { } days ? now.AddDays(days) : null,
        };
        auth.Add(token);
        await auth.SaveChangesAsync(ct);

        var shown = TokenResponse.From(token, defaults);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedTokenResponse(
            token.Id, token.Name, projectId, secret, shown.Scopes, token.CreatedAt, token.ExpiresAt, shown.RequestsPerMinute, shown.TokensPerMinute));
    }

    private static async Task<Ok<TokenList>> List(ClaimsPrincipal user, AuthDb auth, IOptions<TokenOptions> options, CancellationToken ct)
    {
        var tokens = await auth.Set<PersonalToken>().AsNoTracking()
            .Where(t => t.UserId == user.Id() && t.RevokedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(new TokenList([.. tokens.Select(t => TokenResponse.From(t, options.Value))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid tokenId, ClaimsPrincipal user, AuthDb auth, PersonalTokens tokens, TimeProvider time, CancellationToken ct)
    {
        var token = await auth.Set<PersonalToken>().FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == user.Id() && t.RevokedAt == null, ct);
        if (token is null)
        {
            return Problems.NotFound($"No live token with id {tokenId} exists, or it belongs to another user. GET /api/v1/tokens lists yours.");
        }

        token.RevokedAt = time.GetUtcNow().UtcDateTime;
        await auth.SaveChangesAsync(ct);
        await tokens.ForgetAsync(token.LookupId);
        return TypedResults.NoContent();
    }
}
