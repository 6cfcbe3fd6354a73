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
        RegisterRequest request, AuthDb db, PasswordHashing passwords, TimeProvider time, CancellationToken ct)
    {
        var email = request.Email!.Trim();
        var key = EmailAddress.Key(email, out _)!;
        var legacyKey = EmailAddress.LegacyKey(email);
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            NormalizedEmail = key,
            Name = TextRules.Trim(request.Name!),
            PasswordHash = "",
            CreatedAt = time.GetUtcNow().UtcDateTime,
            SecurityStamp = Guid.NewGuid(),
        };
        user.PasswordHash = passwords.Hash(user, request.Password!);

        if (await db.Users.AnyAsync(u => u.NormalizedEmail == key || u.NormalizedEmail == legacyKey, ct))
        {
            return EmailTaken(email);
        }

        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return EmailTaken(email);
        }

        return TypedResults.Created("/api/v1/auth/me", UserResponse.From(user));
    }

    private static ProblemHttpResult EmailTaken(string email) =>
        Problems.Conflict($"An account with the email '{email}' already exists. Log in instead, or register with another email.");

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(
        LoginRequest request, AuthDb db, PasswordCheck check, TokenService tokens, HttpContext http, CancellationToken ct)
    {
        // Not validated as an address: an account registered before addresses were checked logs in with the form it used.
        var key = EmailAddress.Key(request.Email ?? "", out _);
        var legacyKey = EmailAddress.LegacyKey(request.Email ?? "");
        var users = await db.Users.Where(u => u.NormalizedEmail == key || u.NormalizedEmail == legacyKey).Take(2).ToListAsync(ct);
        var user = users.FirstOrDefault(u => u.NormalizedEmail == key) ?? users.FirstOrDefault();

        var verdict = await check.VerifyAsync(user, request.Password ?? "", ct);
        return verdict.Outcome switch
        {
            PasswordOutcome.Correct => TypedResults.Ok(TokenResponse.From(tokens.Issue(user!))),
            PasswordOutcome.Locked => verdict.LockedProblem(http, check.Now),

            // One answer for an unknown email and a wrong password, so the endpoint cannot be used to find accounts
            // (a lockout does show that an account exists, as registration's 409 does anyway).
            _ => Problems.Unauthorized("Email or password is incorrect."),
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
