using System.Buffers.Text;
using System.Security.Cryptography;

namespace Socrates.Api.Tokens;

/// <summary>
/// The secret of a personal access token: "sk-soc-" and 256 random bits in URL-safe base64. A secret that random
/// cannot be guessed or brute-forced from its hash, so a plain SHA-256 is enough to store it (a slow password hash
/// would only cost every request time).
/// </summary>
public static class TokenSecret
{
    public const string Prefix = "sk-soc-";

    // 32 bytes in unpadded base64url.
    private const int EncodedLength = 43;

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether <paramref name="value"/> has the shape of a token this server issues (says nothing of its validity).</summary>
    public static bool LooksLikeOne(string? value) =>
        value is { Length: EncodedLength + 7 } && value.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret));

    /// <summary>The lookup key of a hash (<see cref="PersonalToken.LookupId"/>).</summary>
    public static Guid LookupIdOf(byte[] hash) => new(hash.AsSpan(0, 16));
}
