using Socrates.Api.Auth.Limits;
using Socrates.Api.Http;

namespace Socrates.Api.Auth;

public sealed record RegisterRequest(string? Email, string? Password, string? Name) : IValidatable, INamesAccount
{
    public Validator Validate()
    {
        var v = new Validator().Required("email", Email, User.MaxEmailLength);
        if (v.IsValid && EmailAddress.Key(Email!, out var problem) is null)
        {
            v.Add("email", $"'{Email}' is not a bare email address. {problem}");
        }

        v.Required("name", Name, User.MaxNameLength);
        return v.NewPassword("password", Password);
    }
}

/// <summary>Not checked as an address: an account registered before addresses were checked logs in with the form it used.</summary>
public sealed record LoginRequest(string? Email, string? Password) : IValidatable, INamesAccount
{
    public Validator Validate() => new Validator().PasswordWithinLimit("password", Password);
}

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword) : IValidatable
{
    public Validator Validate() => new Validator().RequiredPassword("current_password", CurrentPassword).NewPassword("new_password", NewPassword);
}

public sealed record DeleteAccountRequest(string? Password) : IValidatable
{
    public Validator Validate() => new Validator().RequiredPassword("password", Password);
}

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn)
{
    public static TokenResponse From(AccessToken token) => new(token.Value, "bearer", (int)token.Lifetime.TotalSeconds);
}

public sealed record UserResponse(Guid Id, string Email, string Name, DateTime CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.Name, user.CreatedAt);
}

/// <summary>What deleting an account removed: the specifications, documents and files went with their projects.</summary>
public sealed record DeletedAccountResponse(
    Guid Id, string Email, int Projects, int Specifications, int Documents, int Files, int Templates, int Budgets, int UsageRecords, int ApiKeys);
