namespace Socrates.Api.Tokens;

/// <summary>What a personal access token may do.</summary>
public static class TokenScopes
{
    /// <summary>The OpenAI-compatible endpoints under /v1, on the token's project. Every token has it.</summary>
    public const string Chat = "chat";

    /// <summary>The JSON API under /api/v1, as the token's user.</summary>
    public const string Api = "api";

    public static readonly IReadOnlyList<string> All = [Chat, Api];

    /// <summary>The claim a token's principal carries each scope in.</summary>
    public const string Claim = "scope";

    /// <summary>The claim a token's principal carries its id in; a password login's principal has none.</summary>
    public const string TokenIdClaim = "token_id";

    public const string ProjectClaim = "project_id";
}
