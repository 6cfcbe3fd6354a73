using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Auth;

public sealed class StartupConfigurationTests : IDisposable
{
    // Each test's apps keep their SQLite files and generated keys here; removed when the test ends.
    private readonly string _root = Directory.CreateTempSubdirectory("socrates-startup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Outside_development_the_server_refuses_to_start_without_a_signing_key()
    {
        using var app = new ConfiguredApp(_root, "Production", signingKey: null);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("Jwt__SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_a_signing_key_is_made_once_and_kept_under_data()
    {
        string firstToken;
        using (var app = new ConfiguredApp(_root, "Development", signingKey: null))
        {
            firstToken = await RegisterAndLoginAsync(app, "dev@example.com");
        }

        var keyFile = Path.Combine(ConfiguredApp.DataDirectoryOf(_root, "Development"), "jwt-signing.key");
        Assert.True(File.Exists(keyFile));

        // A second start reuses the kept key, so the first token still verifies.
        using var restarted = new ConfiguredApp(_root, "Development", signingKey: null);
        var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", firstToken);
        await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<string> RegisterAndLoginAsync(WebApplicationFactory<Program> app, string email)
    {
        var client = app.CreateClient();
        await (await client.PostJsonAsync("/api/v1/auth/register", new { email, password = "correct horse battery", name = "Dev" })).ExpectAsync(HttpStatusCode.Created);
        var token = await (await client.PostJsonAsync("/api/v1/auth/login", new { email, password = "correct horse battery" })).ExpectAsync(HttpStatusCode.OK);
        return token.GetProperty("access_token").GetString()!;
    }

    /// <summary>An app on its own SQLite files, in the given environment, with or without a configured key.</summary>
    private sealed class ConfiguredApp(string root, string environment, string? signingKey) : WebApplicationFactory<Program>
    {
        public static string DataDirectoryOf(string root, string environment) => Path.Combine(root, environment);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var data = DataDirectoryOf(root, environment);
            builder.UseEnvironment(environment);
            builder.UseSetting("Storage:DataDirectory", data);
            builder.UseSetting("ConnectionStrings:Auth", $"Data Source={Path.Combine(data, "auth.db")}");
            builder.UseSetting("ConnectionStrings:Specs", $"Data Source={Path.Combine(data, "specs.db")}");
            builder.UseSetting("Jwt:SigningKey", signingKey ?? "");

            // Outside Development a master key for stored API keys is required too; these tests are about the signing key.
            builder.UseSetting("Llm:MasterKeys:1", SocratesApp.MasterKey);
        }
    }
}
