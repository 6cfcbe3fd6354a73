using System.Security.Cryptography;

namespace Socrates.Api.Storage;

/// <summary>
/// Secrets the server makes for itself in Development only (JWT signing key, API-key master key), so a fresh
/// clone runs with no set-up: made once from random bytes, kept in the data directory readable by the owner
/// alone, and read back on every later start.
/// </summary>
internal static class DevelopmentSecrets
{
    /// <returns>The secret (base64 of <paramref name="bytes"/> random bytes) and the file it is kept in.</returns>
    public static (string Secret, string Path) LoadOrCreate(string dataDirectory, string fileName, int bytes)
    {
        var path = Path.Combine(dataDirectory, fileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return (File.ReadAllText(path).Trim(), path);
    }
}
