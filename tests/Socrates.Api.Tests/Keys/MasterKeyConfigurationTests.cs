using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Keys;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Keys;

/// <summary>
/// Start-up with and without master keys, the rotate-keys command, and a server with no provider configured.
/// Each test starts its own servers; these are about configuration, so SQLite stands for both databases.
/// </summary>
public sealed class MasterKeyConfigurationTests
{
    [Fact]
    public async Task Start_up_is_refused_outside_Development_without_a_master_key()
    {
        await using var app = new SqliteApp();
        app.Unset("Llm:MasterKeys:1");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = Messages(error);
        Assert.Contains("Llm:MasterKeys", message, StringComparison.Ordinal);
        Assert.Contains("Llm__MasterKeys__1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Llm:MasterKeys:1", "dG9vIHNob3J0", "Llm:MasterKeys:1 must be exactly 32 bytes in base64")]
    [InlineData("Llm:MasterKeys:2", KeysSetup.SecondMasterKey, "Llm:ActiveMasterKeyVersion must be set when several master keys are configured (versions: 1, 2)")]
    [InlineData("Llm:ActiveMasterKeyVersion", "3", "Llm:ActiveMasterKeyVersion is 3, but Llm:MasterKeys:3 is not configured")]
    [InlineData("Llm:MasterKeys:first", SocratesApp.MasterKey, "Llm:MasterKeys:first: a master key version must be a positive whole number")]
    public async Task A_malformed_master_key_setting_is_refused_by_name(string setting, string value, string expected)
    {
        await using var app = new SqliteApp();
        app.Set(setting, value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(expected, Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_makes_a_master_key_once_and_keeps_using_it()
    {
        await using var first = new DevelopmentApp();
        var user = await first.NewUserAsync();
        var key = StoredKeys.NewKey();
        await StoredKeys.AddKeyAsync(user, "openai", key);

        var path = Path.Combine(first.DataDirectory, DevelopmentMasterKey.FileName);
        Assert.True(File.Exists(path));
        Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(path)).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Contains(first.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal)
            && e.Contains("Llm:MasterKeys is not configured", StringComparison.Ordinal) && e.Contains(path, StringComparison.Ordinal));
        var generated = await File.ReadAllTextAsync(path);

        // A restart on the same data directory finds the same key, so what was stored still opens.
        await using var restarted = new DevelopmentApp();
        restarted.Set("Storage:DataDirectory", first.DataDirectory).Set("ConnectionStrings:Auth", AuthDatabase(first));
        await using var scope = restarted.Services.CreateAsyncScope();
        Assert.Equal(key, await scope.ServiceProvider.GetRequiredService<IUserApiKeys>().FindAsync(user.Id, "openai", CancellationToken.None));
        Assert.Equal(generated, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task The_rotate_keys_command_moves_stored_keys_to_the_newly_active_version()
    {
        await using var before = new SqliteApp();
        var user = await before.NewUserAsync();
        var keys = new Dictionary<string, string> { ["claude"] = StoredKeys.NewKey("sk-ant-"), ["github"] = StoredKeys.NewKey("ghp_") };
        foreach (var (provider, key) in keys)
        {
            await StoredKeys.AddKeyAsync(user, provider, key);
        }

        // The operator adds version 2, makes it active, and runs the command against the same database.
        await using var after = NewVersionTwoApp(before);
        Assert.Equal(0, await ApiKeyRewrap.RunCommandAsync(after.Services));

        await using var scope = after.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AuthDb>().Set<ApiKey>().AsNoTracking().Where(k => k.UserId == user.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.KeyVersion));
        foreach (var (provider, key) in keys)
        {
            Assert.Equal(key, await scope.ServiceProvider.GetRequiredService<IUserApiKeys>().FindAsync(user.Id, provider, CancellationToken.None));
        }

        // Running it again finds nothing to do.
        Assert.Equal(0, await ApiKeyRewrap.RunCommandAsync(after.Services));
    }

    [Fact]
    public async Task The_rotate_keys_command_fails_while_a_key_cannot_be_moved()
    {
        await using var before = new SqliteApp();
        var user = await before.NewUserAsync();
        var id = (await StoredKeys.AddKeyAsync(user, "openai", StoredKeys.NewKey())).GetProperty("id").GetGuid();
        await using (var scope = before.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
            var row = await db.Set<ApiKey>().SingleAsync(k => k.Id == id);
            row.Tag = StoredKeys.Flipped(row.Tag);
            await db.SaveChangesAsync();
        }

        await using var after = NewVersionTwoApp(before);
        Assert.Equal(1, await ApiKeyRewrap.RunCommandAsync(after.Services));
        await using var check = after.Services.CreateAsyncScope();
        Assert.Equal(1, (await check.ServiceProvider.GetRequiredService<AuthDb>().Set<ApiKey>().SingleAsync(k => k.Id == id)).KeyVersion);
    }

    [Fact]
    public async Task With_no_keys_and_no_local_server_no_provider_is_usable()
    {
        await using var app = new SqliteApp();
        app.Set("Llm:Providers:claude:ApiKey", "").Set("Llm:Providers:openai:ApiKey", "");
        var user = await app.NewUserAsync();

        var providers = (await (await user.Client.GetAsync("/api/v1/llm/providers")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.All(providers.Values, p => Assert.False(p.GetProperty("usable").GetBoolean()));
        Assert.Contains("Llm:Providers:local:BaseUrl", providers["local"].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // A stored key for local does not make a server appear.
        await StoredKeys.AddKeyAsync(user, "local", StoredKeys.NewKey("local-"));
        var local = (await (await user.Client.GetAsync("/api/v1/llm/providers")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "local");
        Assert.False(local.GetProperty("usable").GetBoolean());
        Assert.Equal("user", local.GetProperty("key_source").GetString());
    }

    private static SqliteApp NewVersionTwoApp(SqliteApp before)
    {
        var after = new SqliteApp();
        after.Set("ConnectionStrings:Auth", AuthDatabase(before))
            .Set("Llm:MasterKeys:2", KeysSetup.SecondMasterKey)
            .Set("Llm:ActiveMasterKeyVersion", "2");
        return after;
    }

    private static string AuthDatabase(SocratesApp app) => $"Data Source={Path.Combine(app.DataDirectory, "auth.db")}";

    private static string Messages(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", messages);
    }

    private sealed class DevelopmentApp : SqliteApp
    {
        public DevelopmentApp() => Unset("Llm:MasterKeys:1");

        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
            Logs.AttachTo(builder);
        }
    }
}
