using System.Globalization;
using System.Net;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

[assembly: AssemblyFixture(typeof(SqliteApp<Socrates.Api.Tests.GitHub.GitHubTestSetup>))]
[assembly: AssemblyFixture(typeof(PostgresApp<Socrates.Api.Tests.GitHub.GitHubTestSetup>))]

namespace Socrates.Api.Tests.GitHub;

/// <summary>
/// What the GitHub tests add to the server: the fake GitHub API as GitHub:ApiBaseUrl, small bounds so hostile
/// archives hit them, a work folder of its own (to see it emptied), and the fake LLM providers with system keys
/// (claude is the default model) for use_llm.
/// </summary>
public sealed class GitHubTestSetup() : FakeLlmSetup(systemKeys: true)
{
    public const int MaxFiles = 300;
    public const int MaxFileBytes = 4096;
    public const long MaxUnpackedBytes = 3 * 1024 * 1024;
    public const long MaxDownloadBytes = 2 * 1024 * 1024;

    public FakeGitHub GitHub { get; private set; } = null!;

    public string WorkDirectory { get; private set; } = null!;

    public override async Task StartAsync(SocratesApp app)
    {
        WorkDirectory = Directory.CreateTempSubdirectory("socrates-github-work-").FullName;
        GitHub = await FakeGitHub.StartAsync();
        await base.StartAsync(app);
        app.Set("GitHub:ApiBaseUrl", GitHub.BaseUrl.ToString());
        app.Set("GitHub:AllowedHosts:0", "github.com");
        app.Set("GitHub:AllowedHosts:1", "localhost");
        app.Set("GitHub:WorkDirectory", WorkDirectory);
        app.Set("GitHub:MaxFiles", MaxFiles.ToString(CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxFileBytes", MaxFileBytes.ToString(CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxUnpackedBytes", MaxUnpackedBytes.ToString(CultureInfo.InvariantCulture));
        app.Set("GitHub:MaxDownloadBytes", MaxDownloadBytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Commits the files to a new repository and serves it from the fake GitHub as owner/shop.</summary>
    public FakeRepository Publish(Dictionary<string, string> files, string? owner = null, bool isPrivate = false, string? token = null)
    {
        using var repository = TestRepository.Create(files);
        return GitHub.Add(repository.AsFake(owner ?? "tea-" + Guid.NewGuid().ToString("N")[..8], "shop", isPrivate, token));
    }

    /// <summary>Stores a GitHub token for the user through the real, encrypted key store.</summary>
    public static async Task StoreTokenAsync(UserSession session, string token) =>
        await (await session.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider = "github", api_key = token }))
            .ExpectAsync(HttpStatusCode.Created);

    public override async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
