using Microsoft.Extensions.Options;
using Socrates.Api.Storage;

namespace Socrates.Api.Keys;

/// <summary>
/// In Development only: when no master key is configured, make one once and keep it under the data directory,
/// so a fresh clone stores API keys with no set-up and keeps reading them after a restart. Elsewhere a missing
/// master key fails validation at start-up instead (<see cref="MasterKeyOptionsValidator"/>).
/// </summary>
internal sealed class DevelopmentMasterKey(
    IHostEnvironment environment,
    IOptions<StorageOptions> storage,
    ILogger<DevelopmentMasterKey> logger) : IPostConfigureOptions<MasterKeyOptions>
{
    public const string FileName = "api-keys-master.key";
    private const string Version = "1";

    public void PostConfigure(string? name, MasterKeyOptions options)
    {
        if (options.MasterKeys.Count > 0 || !environment.IsDevelopment())
        {
            return;
        }

        var (secret, path) = DevelopmentSecrets.LoadOrCreate(
            storage.Value.ResolveDataDirectory(environment.ContentRootPath), FileName, MasterKeyOptions.KeyBytes);
        options.MasterKeys[Version] = secret;
        logger.LogWarning(
            "Llm:MasterKeys is not configured; stored API keys are sealed with the development master key in {Path} (version {Version}). " +
            "Set Llm__MasterKeys__1 and Llm__ActiveMasterKeyVersion outside Development.",
            path,
            Version);
    }
}
