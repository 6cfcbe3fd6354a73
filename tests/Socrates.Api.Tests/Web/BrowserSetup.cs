using Microsoft.AspNetCore.Hosting;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Web;

/// <summary>
/// The server on a real Kestrel port, so a real browser can reach it, with the fake providers behind every
/// provider's address and system keys (see <see cref="FakeLlmSetup"/>).
/// </summary>
public sealed class BrowserSetup() : FakeLlmSetup(systemKeys: true), IAppSetup
{
    /// <summary>What the server logged: a failed browser test reports the errors logged while its tab was open.</summary>
    public CapturedLogs Logs { get; } = new();

    public override async Task StartAsync(SocratesApp app)
    {
        await base.StartAsync(app);
        app.UseKestrel(0);
    }

    /// <summary>
    /// The stylesheet and blazor.web.js from the build's static web assets manifest, as `dotnet run` serves them in
    /// Development (a published app has them in its wwwroot); the test host runs as "Testing".
    /// </summary>
    void IAppSetup.ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseStaticWebAssets();
        Logs.AttachTo(builder);
    }
}
