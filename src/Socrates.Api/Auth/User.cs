namespace Socrates.Api.Auth;

public sealed class User
{
    public const int MaxEmailLength = 320;
    public const int MaxNameLength = 200;

    public Guid Id { get; set; }
    public required string Email { get; set; }

    /// <summary>The unique key (<see cref="EmailAddress.Key"/>), so "Ada@x.io" and "ada@x.io" are one account.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Carried in every access token and compared on every request (<see cref="SecurityStamps"/>): a new value
    /// (a password change) makes every token issued before it stop working.
    /// </summary>
    public Guid SecurityStamp { get; set; }

    /// <summary>Wrong passwords given in a row since the last success or lockout (<see cref="Limits.PasswordCheck"/>).</summary>
    public int FailedLogins { get; set; }

    /// <summary>Until then, no password is accepted for this account, the right one included.</summary>
    public DateTime? LockedUntil { get; set; }
}
