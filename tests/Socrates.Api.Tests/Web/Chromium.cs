using Microsoft.Playwright;

namespace Socrates.Api.Tests.Web;

/// <summary>
/// Debian's Chromium (apt-get install chromium), driven by Playwright: one browser for the whole run, started on
/// first use, so test runs that visit no page never start it. Each test gets its own context (cookies, storage).
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Browser = new(LaunchAsync);

    public static async Task<IBrowserContext> NewContextAsync() =>
        await (await Browser.Value).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = WebPage.DesktopWidth, Height = WebPage.DesktopHeight },
            AcceptDownloads = true,
        });

    private static async Task<IBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // The CI container runs as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }
}
