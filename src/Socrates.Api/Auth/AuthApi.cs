using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/register", Register).WithName("Register");
        group.MapPost("/login", Login).WithName("Login");
        group.MapGet("/me", Me).WithName("Me").RequireAuthorization();
        return routes;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AuthDb db, PasswordHashing passwords, TimeProvider time, CancellationToken ct)
    {
        var email = request.Email!.Trim();
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            NormalizedEmail = User.Normalize(email),
            Name = request.Name!.Trim(),
            PasswordHash = "",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = passwords.Hash(user, request.Password!);

        if (await db.Users.AnyAsync(u => u.NormalizedEmail == user.NormalizedEmail, ct))
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
        LoginRequest request, AuthDb db, PasswordHashing passwords, TokenService tokens, CancellationToken ct)
    {
        var normalized = User.Normalize(request.Email ?? "");
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);

        var result = passwords.Verify(user, request.Password ?? "");
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            // One answer for an unknown email and a wrong password, so the endpoint cannot be used to find accounts.
            return Problems.Unauthorized("Email or password is incorrect.");
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = passwords.Hash(user, request.Password!);
            await db.SaveChangesAsync(ct);
        }

        var token = tokens.Issue(user);
        return TypedResults.Ok(new TokenResponse(token.Value, "bearer", (int)token.Lifetime.TotalSeconds));
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
