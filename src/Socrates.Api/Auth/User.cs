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
}
