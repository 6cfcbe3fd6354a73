using System.ComponentModel.DataAnnotations;

namespace Socrates.Api.Auth.Limits;

/// <summary>
/// How hard sign-in can be tried ("Auth:Limits"). The rate limits are kept in each server's memory; the lockout is
/// stored on the user row, so it holds on every instance.
/// </summary>
public sealed class AuthLimitsOptions
{
    public const string Section = "Auth:Limits";

    /// <summary>Logins and registrations together from one client address (an IPv6 client by its /64) per <see cref="Window"/>.</summary>
    [Range(1, int.MaxValue)]
    public int PerAddress { get; set; } = 30;

    /// <summary>Logins and registrations naming one account (its canonical email), from anywhere, per <see cref="Window"/>.</summary>
    [Range(1, int.MaxValue)]
    public int PerAccount { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wrong passwords in a row (at login, password change or account deletion) that lock the account.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a locked account refuses every password, the right one included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
