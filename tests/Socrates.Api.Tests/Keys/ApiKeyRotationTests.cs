using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Socrates.Api.Keys;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Keys;

/// <summary>
/// Rotation from master key version 1 to 2. The server runs with both versions and 1 active; the rewrap is the
/// same service the rotate-keys command runs, given a vault whose active version is 2, as after the config change.
/// </summary>
public abstract class ApiKeyRotationTests(SocratesApp app) : ApiTest(app)
{
    private static KeyVault Vault(int active, params int[] versions) => new(Options.Create(new MasterKeyOptions
    {
        MasterKeys = versions.ToDictionary(
            v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
            v => (string?)(v == 1 ? SocratesApp.MasterKey : KeysSetup.SecondMasterKey)),
        ActiveMasterKeyVersion = active,
    }));

    [Fact]
    public async Task Rotation_moves_every_key_to_the_active_version_and_both_stay_readable_meanwhile()
    {
        var stored = new Dictionary<(Guid User, string Provider), string>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var user = await NewUserAsync();
            foreach (var provider in new[] { "claude", "openai" })
            {
                var key = StoredKeys.NewKey();
                await StoredKeys.AddKeyAsync(user, provider, key);
                stored[(user.Id, provider)] = key;
            }
        }

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
        var rewrap = new ApiKeyRewrap(db, Vault(active: 2, 1, 2), NullLogger<ApiKeyRewrap>.Instance);

        var firstBatch = await rewrap.RewrapAsync(batchSize: 2, maxBatches: 1, ct: CancellationToken.None);
        Assert.Equal(2, firstBatch.Rewrapped + firstBatch.Unreadable.Count);
        Assert.Equal(2, firstBatch.ActiveVersion);

        // Mid-rotation: some rows under 2, some under 1, and the running server reads them all.
        var versions = await VersionsAsync(db, stored.Keys);
        Assert.Contains(1, versions);
        Assert.Contains(2, versions);
        await AssertReadableAsync(stored, App.Services);

        // Keys added while the rewrap runs are picked up by it too.
        var late = await NewUserAsync();
        var lateKey = StoredKeys.NewKey();
        await StoredKeys.AddKeyAsync(late, "openai", lateKey);
        stored[(late.Id, "openai")] = lateKey;

        var rest = await rewrap.RewrapAsync(batchSize: 2, ct: CancellationToken.None);
        Assert.True(rest.Rewrapped >= 5);
        Assert.Equal(rest.Unreadable.Count, rest.Remaining);
        Assert.All(await VersionsAsync(db, stored.Keys), v => Assert.Equal(2, v));
        await AssertReadableAsync(stored, App.Services);

        // Afterwards version 1 can go: version 2 alone opens every key, and version 1 alone opens none.
        var users = stored.Keys.Select(s => s.User).ToList();
        var rows = await db.Set<ApiKey>().AsNoTracking().Where(k => users.Contains(k.UserId)).ToListAsync();
        Assert.Equal(stored.Count, rows.Count);
        var onlyTwo = Vault(active: 2, 2);
        var onlyOne = Vault(active: 1, 1);
        Assert.All(rows, row =>
        {
            Assert.Equal(stored[(row.UserId, row.Provider)], onlyTwo.Decrypt(row.UserId, row.Provider, row.Encrypted));
            Assert.Throws<ApiKeyUnreadableException>(() => onlyOne.Decrypt(row.UserId, row.Provider, row.Encrypted));
        });
    }

    [Fact]
    public async Task Rotation_leaves_an_unreadable_key_as_it_is_and_reports_it()
    {
        var user = await NewUserAsync();
        var good = StoredKeys.NewKey();
        await StoredKeys.AddKeyAsync(user, "openai", good);
        var broken = (await StoredKeys.AddKeyAsync(user, "claude", StoredKeys.NewKey())).GetProperty("id").GetGuid();

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
        var row = await db.Set<ApiKey>().SingleAsync(k => k.Id == broken);
        row.Ciphertext = StoredKeys.Flipped(row.Ciphertext);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var result = await new ApiKeyRewrap(db, Vault(active: 2, 1, 2), NullLogger<ApiKeyRewrap>.Instance).RewrapAsync(ct: CancellationToken.None);

        Assert.Contains(broken, result.Unreadable);
        Assert.True(result.Remaining >= 1);
        var rows = await db.Set<ApiKey>().AsNoTracking().Where(k => k.UserId == user.Id).ToDictionaryAsync(k => k.Provider);
        Assert.Equal(1, rows["claude"].KeyVersion);
        Assert.Equal(2, rows["openai"].KeyVersion);
        Assert.Equal(good, Vault(active: 2, 2).Decrypt(user.Id, "openai", rows["openai"].Encrypted));

        // Its owner deletes it, as the error tells them to; then nothing is left behind for the other test's rewrap.
        await db.Set<ApiKey>().Where(k => k.Id == broken).ExecuteDeleteAsync();
        Assert.Equal(0, (await new ApiKeyRewrap(db, Vault(active: 2, 1, 2), NullLogger<ApiKeyRewrap>.Instance).RewrapAsync(ct: CancellationToken.None)).Remaining);
    }

    private static async Task<List<int>> VersionsAsync(AuthDb db, IEnumerable<(Guid User, string Provider)> keys)
    {
        var users = keys.Select(k => k.User).Distinct().ToList();
        return await db.Set<ApiKey>().AsNoTracking().Where(k => users.Contains(k.UserId)).Select(k => k.KeyVersion).ToListAsync();
    }

    private static async Task AssertReadableAsync(Dictionary<(Guid User, string Provider), string> stored, IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<IUserApiKeys>();
        foreach (var ((user, provider), key) in stored)
        {
            Assert.Equal(key, await keys.FindAsync(user, provider, CancellationToken.None));
        }
    }
}

public sealed class ApiKeyRotationOnSqlite(SqliteApp<KeysSetup> app) : ApiKeyRotationTests(app), IClassFixture<SqliteApp<KeysSetup>>;

public sealed class ApiKeyRotationOnPostgres(PostgresApp<KeysSetup> app) : ApiKeyRotationTests(app), IClassFixture<PostgresApp<KeysSetup>>;
