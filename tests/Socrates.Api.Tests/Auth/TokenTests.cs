using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Auth;

/// <summary>
/// What a token must be to be accepted: signed with HS256 (the only algorithm the server signs with) under its key,
/// and carrying the user's current security stamp. Tokens are built by hand here, so that the library that checks
/// them cannot also be what refuses to make the bad ones.
/// </summary>
public abstract class TokenTests(SocratesApp app) : ApiTest(app)
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(SocratesApp.SigningKey);

    [Fact]
    public async Task A_token_built_here_with_HS256_and_the_current_stamp_is_accepted()
    {
        var (id, stamp) = await UserAsync();
        await (await MeAsync(Build("HS256", Claims(id, stamp), input => HMACSHA256.HashData(Key, input)))).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task A_token_signed_with_another_HMAC_under_the_same_key_is_refused(string algorithm)
    {
        var (id, stamp) = await UserAsync();
        Func<byte[], byte[]> sign = algorithm == "HS384" ? input => HMACSHA384.HashData(Key, input) : input => HMACSHA512.HashData(Key, input);
        await (await MeAsync(Build(algorithm, Claims(id, stamp), sign))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task An_unsigned_token_is_refused(string algorithm)
    {
        var (id, stamp) = await UserAsync();
        await (await MeAsync(Build(algorithm, Claims(id, stamp), sign: null))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_without_the_current_stamp_is_refused()
    {
        var (id, stamp) = await UserAsync();
        var claims = Claims(id, stamp);
        claims.Remove("stamp");
        await (await MeAsync(Build("HS256", claims, input => HMACSHA256.HashData(Key, input)))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await MeAsync(Build("HS256", Claims(id, Guid.NewGuid()), input => HMACSHA256.HashData(Key, input)))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<(Guid Id, Guid Stamp)> UserAsync()
    {
        var session = await NewUserAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var stamp = await scope.ServiceProvider.GetRequiredService<AuthDb>().Users.Where(u => u.Id == session.Id).Select(u => u.SecurityStamp).SingleAsync();
        return (session.Id, stamp);
    }

    private static Dictionary<string, object> Claims(Guid userId, Guid stamp)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new()
        {
            ["sub"] = userId.ToString(),
            ["stamp"] = stamp.ToString("N"),
            ["iss"] = "socrates",
            ["aud"] = "socrates",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
        };
    }

    private static string Build(string algorithm, Dictionary<string, object> claims, Func<byte[], byte[]>? sign)
    {
        var header = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = algorithm, typ = "JWT" }));
        var payload = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = sign is null ? "" : Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private Task<HttpResponseMessage> MeAsync(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.GetAsync("/api/v1/auth/me");
    }
}

public sealed class TokenOnSqlite(SqliteApp app) : TokenTests(app);

public sealed class TokenOnPostgres(PostgresApp app) : TokenTests(app);
