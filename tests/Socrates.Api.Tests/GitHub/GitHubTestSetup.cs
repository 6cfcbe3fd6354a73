using System.Net;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

[assembly: AssemblyFixture(typeof(Socrates.Api.Tests.GitHub.GitHubSqliteApp))]
[assembly: AssemblyFixture(typeof(Socrates.Api.Tests.GitHub.GitHubPostgresApp))]

namespace Socrates.Api.Tests.GitHub;

/// <summary>
/// What the GitHub tests add to the server: the fake GitHub API as GitHub:ApiBaseUrl, small bounds so hostile
/// archives hit them, a work folder of its own (to see it emptied), and the fake LLM providers with system keys
/// (claude is the default model) for use_llm.
/// </summary>
public sealed class GitHubTestSetup : IAsyncDisposable
{
    public const int MaxFiles = 300;
    public const int MaxFileBytes = 4096;
    public const long MaxUnpackedBytes = 3 * 1024 * 1024;
    public const long MaxDownloadBytes = 2 * 1024 * 1024;

    public FakeGitHub GitHub { get; private set; } = null!;

    public FakeProviders Fakes { get; private set; } = null!;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("socrates-github-work-").FullName;

    public async Task StartAsync(SocratesApp app)
    {
        GitHub = await FakeGitHub.StartAsync();
        Fakes = await LlmTestSettings.ApplyAsync(app, systemKeys: true);
        app.Set("GitHub:ApiBaseUrl", GitHub.BaseUrl.ToString());
        app.Set("GitHub:AllowedHosts:0", "github.com");
        app.Set("GitHub:AllowedHosts:1", "localhost");
        app.Set("GitHub:WorkDirectory", WorkDirectory);
        app.Set("GitHub:MaxFiles", MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxUnpackedBytes", MaxUnpackedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxDownloadBytes", MaxDownloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stores a GitHub token for the user through the real, encrypted key store.</summary>
    public static async Task StoreTokenAsync(UserSession session, string token) =>
        await (await session.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "github", api_key = token }))
            .ExpectAsync(HttpStatusCode.Created);

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Fakes.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}

public interface IGitHubApp
{
    GitHubTestSetup GitHubSetup { get; }
}

public sealed class GitHubSqliteApp : SqliteApp, IGitHubApp, ILlmApp
{
    public GitHubTestSetup GitHubSetup { get; } = new();

    public FakeProviders Fakes => GitHubSetup.Fakes;

    public override async ValueTask InitializeAsync()
    {
        await GitHubSetup.StartAsync(this);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await GitHubSetup.DisposeAsync();
    }
}

public sealed class GitHubPostgresApp : PostgresApp, IGitHubApp, ILlmApp
{
    public GitHubTestSetup GitHubSetup { get; } = new();

    public FakeProviders Fakes => GitHubSetup.Fakes;

    public override async ValueTask InitializeAsync()
    {
        await GitHubSetup.StartAsync(this);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await GitHubSetup.DisposeAsync();
    }
}
