using Microsoft.AspNetCore.Identity;

namespace Socrates.Api.Auth;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (salted, 100,000 iterations of HMAC-SHA512).</summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<User> _hasher = new();

    // Verifying against this when the email is unknown makes a miss cost as much as a wrong password,
    // so response time does not tell which emails have accounts.
    private readonly string _decoyHash;

    public PasswordHashing() => _decoyHash = _hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public string Hash(User user, string password) => _hasher.HashPassword(user, password);

    public PasswordVerificationResult Verify(User? user, string password) =>
        user is null
            ? DecoyVerify(password)
            : _hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    private PasswordVerificationResult DecoyVerify(string password)
    {
        _hasher.VerifyHashedPassword(null!, _decoyHash, password);
        return PasswordVerificationResult.Failed;
    }
}
