using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Socrates.Api.Persistence;

namespace Socrates.Api.Keys;

/// <param name="Rewrapped">Rows moved to the active master key by this run.</param>
/// <param name="Unreadable">Rows that could not be opened (tampered, or their master key is gone); left as they were.</param>
/// <param name="Remaining">Rows still under another version when the run ended (the unreadable ones included).</param>
public sealed record RewrapResult(int ActiveVersion, int Rewrapped, IReadOnlyList<Guid> Unreadable, int Remaining);

/// <summary>
/// Re-encrypts stored API keys under the active master key, a batch at a time, while the server keeps serving:
/// every configured version stays readable, each batch commits on its own, and a row is only overwritten if it
/// is still the one that was read. Run it with <c>dotnet run --project src/Socrates.Api -- rotate-keys</c>.
/// </summary>
public sealed class ApiKeyRewrap(AuthDb db, KeyVault vault, ILogger<ApiKeyRewrap> logger)
{
    public const string Command = "rotate-keys";
    public const int DefaultBatchSize = 100;

    public async Task<RewrapResult> RewrapAsync(int batchSize = DefaultBatchSize, int maxBatches = int.MaxValue, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var active = vault.ActiveVersion;
        var rewrapped = 0;
        var unreadable = new List<Guid>();

        for (var batchNumber = 0; batchNumber < maxBatches; batchNumber++)
        {
            var batch = await db.Set<ApiKey>().AsNoTracking()
                .Where(k => k.KeyVersion != active && !unreadable.Contains(k.Id))
                .OrderBy(k => k.Id)
                .Take(batchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var key in batch)
            {
                EncryptedValue resealed;
                try
                {
                    resealed = vault.Encrypt(key.UserId, key.Provider, vault.Decrypt(key.UserId, key.Provider, key.Encrypted));
                }
                catch (ApiKeyUnreadableException e)
                {
                    logger.LogWarning("API key {KeyId} ({Provider}) of user {UserId} was left as it is: {Reason}", key.Id, key.Provider, key.UserId, e.Message);
                    unreadable.Add(key.Id);
                    continue;
                }

                // A replaced key is a new row and a rewrapped one has the active version, so matching id and old
                // version means nobody changed this row since we read it. Zero rows: it was deleted meanwhile.
                var oldVersion = key.KeyVersion;
                rewrapped += await db.Set<ApiKey>()
                    .Where(k => k.Id == key.Id && k.KeyVersion == oldVersion)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(k => k.KeyVersion, resealed.KeyVersion)
                            .SetProperty(k => k.Nonce, resealed.Nonce)
                            .SetProperty(k => k.Ciphertext, resealed.Ciphertext)
                            .SetProperty(k => k.Tag, resealed.Tag),
                        ct);
            }

            await transaction.CommitAsync(ct);
        }

        var remaining = await db.Set<ApiKey>().CountAsync(k => k.KeyVersion != active, ct);
        return new RewrapResult(active, rewrapped, unreadable, remaining);
    }

    /// <summary>The <c>rotate-keys</c> command: rewraps everything, reports, and returns the process exit code.</summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop after the current batch; finished batches are committed and the rest can be run again.
            e.Cancel = true;
            cancel.Cancel();
        };

        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<ApiKeyRewrap>>();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancel.Token)).ToList();
            if (pending.Count > 0)
            {
                logger.LogError(
                    "The auth database is missing migrations ({Migrations}). Start the server once to apply them, then run {Command} again.",
                    string.Join(", ", pending),
                    Command);
                return 2;
            }

            var result = await scope.ServiceProvider.GetRequiredService<ApiKeyRewrap>().RewrapAsync(ct: cancel.Token);
            logger.LogInformation(
                "Re-encrypted {Rewrapped} stored API keys under master key version {Version}; {Unreadable} could not be decrypted and {Remaining} remain under older versions.",
                result.Rewrapped,
                result.ActiveVersion,
                result.Unreadable.Count,
                result.Remaining);
            if (result.Remaining > 0)
            {
                logger.LogError(
                    "Keep the older master keys configured: {Remaining} stored API keys still need them (unreadable ids: {Ids}). Their owners must add those keys again.",
                    result.Remaining,
                    string.Join(", ", result.Unreadable));
                return 1;
            }

            return 0;
        }
        catch (OptionsValidationException e)
        {
            logger.LogError("Cannot rotate API keys: {Problem}", e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped; the batches already done are saved. Run {Command} again to finish.", Command);
            return 130;
        }
    }
}
