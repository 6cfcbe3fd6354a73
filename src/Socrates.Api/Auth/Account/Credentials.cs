using Microsoft.EntityFrameworkCore;
using Socrates.Api.Auth.Limits;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Auth.Account;

/// <summary>
/// Registration and the password check at sign-in, shared by the JSON API (which answers with a token) and the web
/// app (which answers with a cookie), so both follow the same rules, lockout and security stamp.
/// </summary>
public sealed class Credentials(AuthDb db, PasswordHashing passwords, PasswordCheck check, TimeProvider time)
{
    public DateTime Now => check.Now;

    /// <summary>Stores a new user from a request that passed its validation, or returns null when the email is taken.</summary>
    public async Task<User?> RegisterAsync(RegisterRequest request, CancellationToken ct)
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
            return null;
        }

        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return null;
        }

        return user;
    }

    /// <summary>The user an email and password name, with the lockout's verdict; the user is null for an unknown email.</summary>
    public async Task<(User? User, PasswordVerdict Verdict)> CheckAsync(string? email, string? password, CancellationToken ct)
    {
        // Not validated as an address: an account registered before addresses were checked logs in with the form it used.
        var key = EmailAddress.Key(email ?? "", out _);
        var legacyKey = EmailAddress.LegacyKey(email ?? "");
        // The current form of the address wins over the legacy one when both name an account.
        var user = await db.Users.Where(u => u.NormalizedEmail == key || u.NormalizedEmail == legacyKey)
            .OrderBy(u => u.NormalizedEmail == key ? 0 : 1).ThenBy(u => u.Id).FirstOrDefaultAsync(ct);
        return (user, await check.VerifyAsync(user, password ?? "", ct));
    }

    public static string EmailTaken(string email) =>
        $"An account with the email '{email}' already exists. Log in instead, or register with another email.";

    /// <summary>One answer for an unknown email and a wrong password, so the form cannot be used to find accounts.</summary>
    public const string Incorrect = "Email or password is incorrect.";
}
