using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Keys;

/// <summary>One sealed value: the parts AES-GCM needs to open it, and the master key version that sealed it.</summary>
public sealed record EncryptedValue(int KeyVersion, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// Seals users' API keys with AES-256-GCM under the active master key. Every value gets a fresh random 96-bit
/// nonce, and its associated data names the user and provider it belongs to, so a ciphertext copied to another
/// row does not open. Every configured version stays readable, which lets a rewrap run while the server serves.
/// </summary>
public sealed class KeyVault
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    private readonly Dictionary<int, byte[]> _keys;

    public KeyVault(IOptions<MasterKeyOptions> options)
    {
        var value = options.Value;
        _keys = value.ParseKeys();
        ActiveVersion = value.ActiveVersion;
    }

    public int ActiveVersion { get; }

    public EncryptedValue Encrypt(Guid userId, string provider, string clearKey)
    {
        var plaintext = Encoding.UTF8.GetBytes(clearKey);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(_keys[ActiveVersion], TagBytes))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(userId, provider));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedValue(ActiveVersion, nonce, ciphertext, tag);
    }

    /// <exception cref="ApiKeyUnreadableException">
    /// The value was altered, belongs to another user or provider, or its master key version is not configured.
    /// </exception>
    public string Decrypt(Guid userId, string provider, EncryptedValue value)
    {
        if (!_keys.TryGetValue(value.KeyVersion, out var key))
        {
            throw new ApiKeyUnreadableException(provider, $"it was sealed with master key version {value.KeyVersion}, which this server does not have");
        }

        if (value.Nonce.Length != NonceBytes || value.Tag.Length != TagBytes)
        {
            throw new ApiKeyUnreadableException(provider, "the stored value is malformed");
        }

        var plaintext = new byte[value.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(value.Nonce, value.Ciphertext, value.Tag, plaintext, AssociatedData(userId, provider));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (CryptographicException)
        {
            // GCM checks the tag before releasing any plaintext: a tampered or moved value never yields a wrong key.
            throw new ApiKeyUnreadableException(provider, "the stored value was altered or does not belong to this account");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public bool CanDecrypt(Guid userId, string provider, EncryptedValue value)
    {
        try
        {
            Decrypt(userId, provider, value);
            return true;
        }
        catch (ApiKeyUnreadableException)
        {
            return false;
        }
    }

    private static byte[] AssociatedData(Guid userId, string provider) =>
        Encoding.UTF8.GetBytes($"socrates/api-key/{userId:D}/{provider}");
}
