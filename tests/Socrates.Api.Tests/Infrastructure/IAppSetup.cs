using Microsoft.AspNetCore.Hosting;

namespace Socrates.Api.Tests.Infrastructure;

/// <summary>
/// What a feature's tests add to the server: settings, fake upstream servers, log capture. A fixture runs it as
/// <see cref="SqliteApp{TSetup}"/> or <see cref="PostgresApp{TSetup}"/>; it starts before the server and is
/// disposed after it, and only when the database is available (a skipped class starts no fakes).
/// </summary>
public interface IAppSetup : IAsyncDisposable
{
    /// <summary>Starts what the server will talk to and applies its settings with <see cref="SocratesApp.Set"/>.</summary>
    Task StartAsync(SocratesApp app);

    /// <summary>Adds to the host what settings cannot, e.g. a logger provider.</summary>
    void ConfigureWebHost(IWebHostBuilder builder)
    {
    }
}
