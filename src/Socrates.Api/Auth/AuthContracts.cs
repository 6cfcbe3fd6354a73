using Socrates.Api.Http;

namespace Socrates.Api.Auth;

public sealed record RegisterRequest(string? Email, string? Password, string? Name) : IValidatable
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public Validator Validate()
    {
        var v = new Validator().Required("email", Email, User.MaxEmailLength);
        if (v.IsValid && EmailAddress.Key(Email!, out var problem) is null)
        {
            v.Add("email", $"'{Email}' is not a bare email address. {problem}");
        }

        v.Required("name", Name, User.MaxNameLength);

        if (Password is null || Password.Length < MinPasswordLength)
        {
            v.Add("password", $"'password' must be at least {MinPasswordLength} characters.");
        }
        else if (Password.Length > MaxPasswordLength)
        {
            v.Add("password", $"'password' must be at most {MaxPasswordLength} characters.");
        }

        return v;
    }
}

public sealed record LoginRequest(string? Email, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record UserResponse(Guid Id, string Email, string Name, DateTime CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.Name, user.CreatedAt);
}
