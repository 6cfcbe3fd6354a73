using Microsoft.AspNetCore.Hosting;
using Socrates.Api.Tests.GitHub;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web.Projects;

/// <summary>
/// The GitHub tests' server (fake GitHub API, small bounds, fake models with system keys) on a real Kestrel port
/// with the static web assets, for a browser.
/// </summary>
public sealed class GitHubBrowserSetup : IAppSetup
{
    public GitHubTestSetup GitHub { get; } = new();

    public async Task StartAsync(SocratesApp app)
    {
        await GitHub.StartAsync(app);
        app.UseKestrel(0);
    }

    void IAppSetup.ConfigureWebHost(IWebHostBuilder builder) => builder.UseStaticWebAssets();

    public ValueTask DisposeAsync() => GitHub.DisposeAsync();
}
