using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Llm;
using Socrates.Api.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Socrates.Api.Tests.GitHub.GitHubSqliteApp))]
[assembly: AssemblyFixture(typeof(Socrates.Api.Tests.GitHub.GitHubPostgresApp))]

namespace Socrates.Api.Tests.GitHub;

/// <summary>
/// What the GitHub tests add to the server: the fake GitHub API as GitHub:ApiBaseUrl, small bounds so hostile
/// archives hit them, a work folder of its own (to see it emptied), and the caller's stored GitHub tokens.
/// </summary>
public sealed class GitHubTestSetup : IAsyncDisposable
{
    public const int MaxFiles = 300;
    public const int MaxFileBytes = 4096;
    public const long MaxUnpackedBytes = 3 * 1024 * 1024;
    public const long MaxDownloadBytes = 2 * 1024 * 1024;

    public FakeGitHub GitHub { get; private set; } = null!;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("socrates-github-work-").FullName;

    /// <summary>The tokens users stored, as the key store would hand them out (only the lookup is stood in for).</summary>
    public InMemoryUserApiKeys Keys { get; } = new();

    public async Task StartAsync(SocratesApp app)
    {
        GitHub = await FakeGitHub.StartAsync();
        app.Set("GitHub:ApiBaseUrl", GitHub.BaseUrl.ToString());
        app.Set("GitHub:AllowedHosts:0", "github.com");
        app.Set("GitHub:AllowedHosts:1", "localhost");
        app.Set("GitHub:WorkDirectory", WorkDirectory);
        app.Set("GitHub:MaxFiles", MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxUnpackedBytes", MaxUnpackedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxDownloadBytes", MaxDownloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void ConfigureServices(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IUserApiKeys>(Keys));

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}

public sealed class InMemoryUserApiKeys : IUserApiKeys
{
    private readonly ConcurrentDictionary<(Guid, string), string> _keys = new();

    public void Store(Guid userId, string provider, string key) => _keys[(userId, provider)] = key;

    public Task<string?> FindAsync(Guid userId, string provider, CancellationToken ct) =>
        Task.FromResult(_keys.TryGetValue((userId, provider), out var key) ? key : null);
}

public interface IGitHubApp
{
    GitHubTestSetup GitHubSetup { get; }
}

public sealed class GitHubSqliteApp : SqliteApp, IGitHubApp
{
    public GitHubTestSetup GitHubSetup { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await GitHubSetup.StartAsync(this);
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        GitHubSetup.ConfigureServices(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await GitHubSetup.DisposeAsync();
    }
}

public sealed class GitHubPostgresApp : PostgresApp, IGitHubApp
{
    public GitHubTestSetup GitHubSetup { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await GitHubSetup.StartAsync(this);
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        GitHubSetup.ConfigureServices(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await GitHubSetup.DisposeAsync();
    }
}
