using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth.Limits;

public enum PasswordOutcome
{
    Correct,
    Wrong,

    /// <summary>The account is locked: the password was not even looked at.</summary>
    Locked,
}

public sealed record PasswordVerdict(PasswordOutcome Outcome, DateTime LockedUntil = default)
{
    /// <summary>The 429 a locked account is answered with, saying when to try again.</summary>
    public ProblemHttpResult LockedProblem(HttpContext context, DateTime now) =>
        TooManyAttempts.Problem(context, LockedUntil - now, seconds =>
            $"Too many wrong passwords for this account: it is locked for {seconds} more seconds, and until then no password is accepted, the right one included.");
}

/// <summary>
/// Checks a user's password with the lockout (<see cref="AuthLimitsOptions"/>) around it, wherever a password is
/// given: login, password change, account deletion. <see cref="AuthLimitsOptions.MaxFailedLogins"/> wrong passwords
/// in a row lock the account for <see cref="AuthLimitsOptions.LockoutDuration"/>; the attempt that locks it is
/// answered as locked. The count and the lock are on the user row, updated in single statements, so they hold on
/// every instance and concurrent attempts cannot lose a failure.
/// </summary>
public sealed class PasswordCheck(AuthDb db, PasswordHashing passwords, TimeProvider time, IOptions<AuthLimitsOptions> options)
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Verifies <paramref name="password"/> for a tracked <paramref name="user"/>, or for nobody (an unknown email) at the same cost.</summary>
    public async Task<PasswordVerdict> VerifyAsync(User? user, string password, CancellationToken ct)
    {
        var now = Now;
        if (user?.LockedUntil is { } until && until > now)
        {
            return new PasswordVerdict(PasswordOutcome.Locked, until);
        }

        var result = passwords.Verify(user, password);
        if (user is null)
        {
            return new PasswordVerdict(PasswordOutcome.Wrong);
        }

        if (result == PasswordVerificationResult.Failed)
        {
            return await FailAsync(user.Id, now, ct);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = passwords.Hash(user, password);
        }

        user.FailedLogins = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        return new PasswordVerdict(PasswordOutcome.Correct);
    }

    private async Task<PasswordVerdict> FailAsync(Guid userId, DateTime now, CancellationToken ct)
    {
        var limits = options.Value;
        await db.Users.Where(u => u.Id == userId && (u.LockedUntil == null || u.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLogins, u => u.FailedLogins + 1), ct);

        // Of concurrent failures that reach the limit together, one locks the account; the count starts again from zero.
        var until = now + limits.LockoutDuration;
        var locked = await db.Users.Where(u => u.Id == userId && u.FailedLogins >= limits.MaxFailedLogins)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLogins, 0).SetProperty(u => u.LockedUntil, until), ct);
        return locked > 0 ? new PasswordVerdict(PasswordOutcome.Locked, until) : new PasswordVerdict(PasswordOutcome.Wrong);
    }
}
