using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Persistence;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// The real server in memory, on one database provider. One instance serves a whole test run per provider
/// (see AssemblyFixtures.cs); tests stay apart by each registering their own users. A feature that needs more
/// (fakes, other settings) runs its own with an <see cref="IAppSetup"/>: see SqliteApp{TSetup} and PostgresApp{TSetup}.
/// </summary>
public abstract class SocratesApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hmac-sha256";
    public const long MaxRequestBodyBytes = 1024 * 1024;
    private const string Unlimited = "1000000";

    /// <summary>32 bytes in base64, sealing stored API keys: outside Development the server refuses to start without one.</summary>
    public const string MasterKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /// <summary>The variables the vendors' SDKs read keys from, which the server reads as system keys (ILlmProvider.ApiKeyVariable).</summary>
    internal static readonly string[] ProviderKeyVariables =
        [.. ProvidersSetup.Implementations().Select(p => p.ApiKeyVariable).OfType<string>()];

    private readonly Dictionary<string, string?> _settings = [];
    private readonly IAppSetup? _setup;
    private bool _setupStarted;

    protected SocratesApp(IAppSetup? setup)
    {
        _setup = setup;
        DataDirectory = Directory.CreateTempSubdirectory("socrates-test-").FullName;
        Set("Storage:DataDirectory", DataDirectory);
        Set("Jwt:SigningKey", SigningKey);
        Set("Llm:MasterKeys:1", MasterKey);
        // The test host runs as "Testing", where the OpenAPI document would be off by default; tests read it.
        Set("Api:PublicDocs", "true");
        Set("Api:MaxRequestBodyBytes", MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The suite registers and logs in thousands of users from one address; the sign-in limits' own tests
        // (Auth/SignInLimitsTests.cs) set low ones and prove the 429s.
        Set("Auth:Limits:PerAddress", Unlimited);
        Set("Auth:Limits:PerAccount", Unlimited);

        // Keys in the machine's environment (ANTHROPIC_API_KEY, GROQ_API_KEY, ...) must not leak into the tests: every
        // provider's own variable is blanked, including a provider added later.
        foreach (var variable in ProviderKeyVariables)
        {
            Set(variable, "");
        }
    }

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Why this provider cannot run here, or null when it can.</summary>
    public virtual string? Unavailable => null;

    public string DataDirectory { get; }

    /// <summary>The feature setup this server runs with, as the type the tests know it by.</summary>
    public TSetup Setup<TSetup>()
        where TSetup : IAppSetup =>
        _setup is TSetup setup ? setup : throw new InvalidOperationException($"This app runs with {_setup?.GetType().Name ?? "no setup"}, not {typeof(TSetup).Name}.");

    /// <summary>Adds or overrides a configuration value; call before the first request.</summary>
    public SocratesApp Set(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>A configuration value this app was given, e.g. to start a second app on the same databases.</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>Removes a value this class set by default (e.g. to test start-up without it); call before the first request.</summary>
    public SocratesApp Unset(string key)
    {
        _settings.Remove(key);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        _setup?.ConfigureWebHost(builder);
    }

    /// <summary>
    /// Starts the server before any test uses it. Left lazy, two test classes running in parallel could each
    /// build a host on first use, and both would migrate the same database at once.
    /// </summary>
    public virtual async ValueTask InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }

        if (_setup is not null)
        {
            await _setup.StartAsync(this);
            _setupStarted = true;
        }

        StartServer();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_setupStarted)
        {
            await _setup!.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a pooled handle on some platforms; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Registers a fresh user, logs in, and returns a client that sends the bearer token.</summary>
    public Task<UserSession> NewUserAsync(string? name = null) => RegisterAsync(CreateClient(), name);

    /// <summary>Registers a fresh user through <paramref name="client"/>, logs in, and makes the client send the bearer token.</summary>
    public static async Task<UserSession> RegisterAsync(HttpClient client, string? name = null)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        const string password = "a long enough password";

        var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password, name = name ?? "Test user" });
        registered.EnsureSuccessStatusCode();
        var me = await registered.ReadJsonAsync();

        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.ReadJsonAsync()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        return new UserSession(client, email, password, me.GetProperty("id").GetGuid());
    }
}

public sealed record UserSession(HttpClient Client, string Email, string Password, Guid Id);
