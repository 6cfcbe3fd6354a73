using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth.Account;
using Socrates.Api.Auth.Limits;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/register", Register).WithName("Register").RequireRateLimiting(AuthRateLimits.AddressPolicy).LimitedPerAccount();
        group.MapPost("/login", Login).WithName("Login").RequireRateLimiting(AuthRateLimits.AddressPolicy).LimitedPerAccount();
        group.MapGet("/me", Me).WithName("Me").RequireAuthorization();
        group.MapPost("/password", AccountApi.ChangePassword).WithName("ChangePassword").RequireAuthorization();
        group.MapDelete("/me", AccountApi.DeleteMe).WithName("DeleteMe").RequireAuthorization();
        return routes;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, Credentials credentials, CancellationToken ct) =>
        await credentials.RegisterAsync(request, ct) is { } user
            ? TypedResults.Created("/api/v1/auth/me", UserResponse.From(user))
            : Problems.Conflict(Credentials.EmailTaken(request.Email!.Trim()));

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(
        LoginRequest request, Credentials credentials, TokenService tokens, HttpContext http, CancellationToken ct)
    {
        var (user, verdict) = await credentials.CheckAsync(request.Email, request.Password, ct);
        return verdict.Outcome switch
        {
            PasswordOutcome.Correct => TypedResults.Ok(TokenResponse.From(tokens.Issue(user!))),
            PasswordOutcome.Locked => verdict.LockedProblem(http, credentials.Now),

            // A lockout does show that an account exists, as registration's 409 does anyway.
            _ => Problems.Unauthorized(Credentials.Incorrect),
        };
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Me(ClaimsPrincipal principal, AuthDb db, CancellationToken ct)
    {
        var userId = principal.Id();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        return user is null
            ? Problems.Unauthorized("The account this token was issued for no longer exists. Log in again.")
            : TypedResults.Ok(UserResponse.From(user));
    }
}
