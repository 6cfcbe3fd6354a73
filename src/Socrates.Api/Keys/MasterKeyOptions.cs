using System.Globalization;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Keys;

/// <summary>
/// The master keys that seal stored API keys, from the "Llm" configuration section:
/// <c>Llm:MasterKeys:{version}</c> = 32 random bytes in base64 (e.g. <c>openssl rand -base64 32</c>), and
/// <c>Llm:ActiveMasterKeyVersion</c> = the version new values are sealed with. To rotate: add the new version
/// everywhere, make it active, run <c>rotate-keys</c>, then remove the old version.
/// </summary>
public sealed class MasterKeyOptions
{
    public const string Section = "Llm";
    public const int KeyBytes = 32;

    /// <summary>Keyed by version, a positive whole number. Environment: Llm__MasterKeys__1.</summary>
    public Dictionary<string, string?> MasterKeys { get; set; } = [];

    /// <summary>Required when more than one version is configured; with one, that one is active.</summary>
    public int? ActiveMasterKeyVersion { get; set; }

    /// <summary>The configured keys by version; only called on options that passed validation.</summary>
    internal Dictionary<int, byte[]> ParseKeys() =>
        MasterKeys.ToDictionary(k => int.Parse(k.Key, CultureInfo.InvariantCulture), k => Convert.FromBase64String(k.Value!));

    internal int ActiveVersion => ActiveMasterKeyVersion ?? ParseKeys().Keys.Single();
}

/// <summary>Start-up refuses a missing or malformed master key with a message that names the setting to fix.</summary>
internal sealed class MasterKeyOptionsValidator : IValidateOptions<MasterKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, MasterKeyOptions options)
    {
        if (options.MasterKeys.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "No master key for stored API keys is configured (Llm:MasterKeys). Set the environment variable " +
                "Llm__MasterKeys__1 to 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`, " +
                "and Llm__ActiveMasterKeyVersion to 1.");
        }

        var failures = new List<string>();
        var versions = new List<int>();
        foreach (var (version, value) in options.MasterKeys)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                failures.Add($"Llm:MasterKeys:{version}: a master key version must be a positive whole number.");
                continue;
            }

            versions.Add(number);
            var bytes = new byte[MasterKeyOptions.KeyBytes + 1];
            if (string.IsNullOrWhiteSpace(value)
                || !Convert.TryFromBase64String(value.Trim(), bytes, out var written)
                || written != MasterKeyOptions.KeyBytes)
            {
                failures.Add($"Llm:MasterKeys:{version} must be exactly {MasterKeyOptions.KeyBytes} bytes in base64 (e.g. the output of `openssl rand -base64 32`).");
            }
        }

        if (options.ActiveMasterKeyVersion is { } active)
        {
            if (!versions.Contains(active))
            {
                failures.Add($"Llm:ActiveMasterKeyVersion is {active}, but Llm:MasterKeys:{active} is not configured.");
            }
        }
        else if (options.MasterKeys.Count > 1)
        {
            failures.Add(
                $"Llm:ActiveMasterKeyVersion must be set when several master keys are configured (versions: {string.Join(", ", versions.Order())}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
