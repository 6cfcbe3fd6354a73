using Microsoft.Extensions.Options;
using Socrates.Api.Storage;

namespace Socrates.Api.Auth;

/// <summary>
/// In Development only: when no signing key is configured, make one once and keep it under the data
/// directory, so tokens survive restarts and a fresh clone runs with no set-up. Elsewhere a missing
/// key fails validation at start-up instead.
/// </summary>
internal sealed class DevelopmentSigningKey(
    IHostEnvironment environment,
    IOptions<StorageOptions> storage,
    ILogger<DevelopmentSigningKey> logger) : IPostConfigureOptions<JwtOptions>
{
    public const string FileName = "jwt-signing.key";

    public void PostConfigure(string? name, JwtOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey) || !environment.IsDevelopment())
        {
            return;
        }

        var (secret, path) = DevelopmentSecrets.LoadOrCreate(
            storage.Value.ResolveDataDirectory(environment.ContentRootPath), FileName, bytes: 48);
        options.SigningKey = secret;
        logger.LogWarning(
            "Jwt:SigningKey is not configured; using the development key in {Path}. Set Jwt__SigningKey outside Development.",
            path);
    }
}
