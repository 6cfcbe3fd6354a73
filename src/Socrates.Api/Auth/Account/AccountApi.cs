using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth.Limits;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth.Account;

/// <summary>
/// The signed-in user's own account: a new password, or deleting it all. Both take the current password, counted
/// against the lockout like a login, and answer a wrong one with 400 naming the field (not 401, which would tell a
/// client its token is no good).
/// </summary>
internal static class AccountApi
{
    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal principal, AuthDb db, PasswordCheck check, PasswordHashing passwords,
        TokenService tokens, SecurityStamps stamps, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == principal.Id(), ct);
        if (user is null)
        {
            return Gone();
        }

        var verdict = await check.VerifyAsync(user, request.CurrentPassword!, ct);
        if (verdict.Outcome != PasswordOutcome.Correct)
        {
            return verdict.Outcome == PasswordOutcome.Locked
                ? verdict.LockedProblem(http, check.Now)
                : Problems.Invalid("current_password", "'current_password' is not your current password.");
        }

        user.PasswordHash = passwords.Hash(user, request.NewPassword!);
        user.SecurityStamp = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await stamps.ForgetAsync(user.Id);
        return TypedResults.Ok(TokenResponse.From(tokens.Issue(user)));
    }

    public static async Task<Results<Ok<DeletedAccountResponse>, ValidationProblem, ProblemHttpResult>> DeleteMe(
        [FromBody] DeleteAccountRequest request, ClaimsPrincipal principal, AuthDb db, PasswordCheck check, AccountDeletion deletion,
        HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == principal.Id(), ct);
        if (user is null)
        {
            return Gone();
        }

        var verdict = await check.VerifyAsync(user, request.Password!, ct);
        if (verdict.Outcome != PasswordOutcome.Correct)
        {
            return verdict.Outcome == PasswordOutcome.Locked
                ? verdict.LockedProblem(http, check.Now)
                : Problems.Invalid("password", "'password' is not your password.");
        }

        return TypedResults.Ok(await deletion.DeleteAsync(user, ct));
    }

    private static ProblemHttpResult Gone() => Problems.Unauthorized("The account this token was issued for no longer exists.");
}
