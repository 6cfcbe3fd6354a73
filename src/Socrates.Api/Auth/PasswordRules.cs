using System.Text;
using Socrates.Api.Http;

namespace Socrates.Api.Auth;

/// <summary>
/// What a password field may hold. Every password a request carries is capped at <see cref="MaxBytes"/> in UTF-8,
/// checked by request validation before a handler runs, so an over-long one costs no hashing work; a new password
/// (registration, change) also has a length in characters.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    public const int MaxBytes = 1024;

    /// <summary>A password given to be checked: at most <see cref="MaxBytes"/>; missing is left to the check, which refuses it.</summary>
    public static Validator PasswordWithinLimit(this Validator v, string field, string? password) =>
        password is not null && (password.Length > MaxBytes || Encoding.UTF8.GetByteCount(password) > MaxBytes)
            ? v.Add(field, $"'{field}' must be at most {MaxBytes} bytes in UTF-8.")
            : v;

    /// <summary>A password given to be checked, which the request cannot do without.</summary>
    public static Validator RequiredPassword(this Validator v, string field, string? password) =>
        string.IsNullOrEmpty(password) ? v.Add(field, $"'{field}' is required.") : v.PasswordWithinLimit(field, password);

    /// <summary>A password to be stored: <see cref="MinLength"/> to <see cref="MaxLength"/> characters.</summary>
    public static Validator NewPassword(this Validator v, string field, string? password)
    {
        if (password is null || password.Length < MinLength)
        {
            return v.Add(field, $"'{field}' must be at least {MinLength} characters.");
        }

        return password.Length > MaxLength ? v.Add(field, $"'{field}' must be at most {MaxLength} characters.") : v.PasswordWithinLimit(field, password);
    }
}
