using Socrates.Api.Http;

namespace Socrates.Api.Tokens;

/// <param name="Scopes">"chat" (the /v1 endpoints, always granted) and optionally "api" (the JSON API as the token's user).</param>
/// <param name="RequestsPerMinute">Null: the server's default (Tokens:RequestsPerMinute).</param>
/// <param name="TokensPerMinute">Null: the server's default (Tokens:TokensPerMinute).</param>
public sealed record CreateTokenRequest(
    string? Name, Guid? ProjectId, int? ExpiresInDays, IReadOnlyList<string>? Scopes, int? RequestsPerMinute, int? TokensPerMinute)
{
    public Validator Validate(TokenOptions options)
    {
        var v = new Validator().Required("name", Name, PersonalToken.MaxNameLength)
            .InRange("expires_in_days", ExpiresInDays, 1, options.MaxExpiresInDays)
            .InRange("requests_per_minute", RequestsPerMinute, 1, 1_000_000)
            .InRange("tokens_per_minute", TokensPerMinute, 1, 1_000_000_000);
        if (ProjectId is null || ProjectId == Guid.Empty)
        {
            v.Add("project_id", "'project_id' is required: the project whose model, budgets and usage the token's calls go to.");
        }

        for (var i = 0; i < (Scopes?.Count ?? 0); i++)
        {
            v.OneOf($"scopes[{i}]", Scopes![i], TokenScopes.All);
        }

        return v;
    }

    /// <summary>The scopes to store: "chat" always, the others as asked, each once.</summary>
    public string ScopeList() => string.Join(' ', TokenScopes.All.Where(s => s == TokenScopes.Chat || (Scopes?.Contains(s) ?? false)));
}

/// <param name="Token">The secret: shown in this response only, never again.</param>
public sealed record CreatedTokenResponse(
    Guid Id, string Name, Guid ProjectId, string Token, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? ExpiresAt,
    int RequestsPerMinute, int TokensPerMinute);

/// <param name="Hint">The prefix and the secret's last four characters, e.g. "sk-soc-…x9Qz".</param>
public sealed record TokenResponse(
    Guid Id, string Name, Guid ProjectId, string Hint, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt,
    DateTime? ExpiresAt, int RequestsPerMinute, int TokensPerMinute)
{
    public static TokenResponse From(PersonalToken t, TokenOptions defaults) => new(
        t.Id, t.Name, t.ProjectId, $"{TokenSecret.Prefix}…{t.LastFour}", t.Scopes.Split(' '), t.CreatedAt, t.LastUsedAt, t.ExpiresAt,
        t.RequestsPerMinute ?? defaults.RequestsPerMinute, t.TokensPerMinute ?? defaults.TokensPerMinute);
}

public sealed record TokenList(IReadOnlyList<TokenResponse> Tokens);
