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
        group.MapPost("/register", Register).WithName("Register").RequireRateLimiting(AuthRateLimits.AddressPolicy).LimitedPerAccount()
            .WithSummary("Create an account")
            .WithDescription("409 when the email already has an account. Limited per address and per account: 429 with Retry-After.")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithExample(new RegisterRequest("ada@example.com", "correct horse battery staple", "Ada Lovelace"));
        group.MapPost("/login", Login).WithName("Login").RequireRateLimiting(AuthRateLimits.AddressPolicy).LimitedPerAccount()
            .WithSummary("Log in for a bearer token")
            .WithDescription("The access_token is a JWT for 'Authorization: Bearer …', valid for an hour. One 401 for an unknown email and a " +
                "wrong password; repeated failures lock the account for a while (429 with Retry-After).")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithExample(new LoginRequest("ada@example.com", "correct horse battery staple"));
        group.MapGet("/me", Me).WithName("Me").RequireAuthorization()
            .WithSummary("The signed-in user").ProducesSignedInProblems();
        group.MapPost("/password", AccountApi.ChangePassword).WithName("ChangePassword").RequireAuthorization()
            .WithSummary("Change your password")
            .WithDescription("Takes the current password (a wrong one is 400 naming the field, and counts toward the lockout: 429). Every " +
                "token issued before stops working at once: bearer tokens from earlier logins and all your personal access tokens. " +
                "The response carries a fresh access token.")
            .ProducesSignedInProblems().ProducesBodyProblems().ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapDelete("/me", AccountApi.DeleteMe).WithName("DeleteMe").RequireAuthorization()
            .WithSummary("Delete your account and everything in it")
            .WithDescription("Takes your password in the body. Projects, keys, tokens and usage go with the account.")
            .ProducesSignedInProblems().ProducesBodyProblems().ProducesProblem(StatusCodes.Status429TooManyRequests);
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
