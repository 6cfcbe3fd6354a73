using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Web;

/// <summary>
/// One browser tab on the test server. <see cref="CheckAsync"/> is called on every page a test reaches: axe must
/// find no serious or critical violation at desktop and at phone width, and both are saved as screenshots under
/// artifacts/screenshots/ (git-ignored; CI keeps them).
/// </summary>
public sealed partial class WebPage : IAsyncDisposable
{
    public const int DesktopWidth = 1280;
    public const int DesktopHeight = 800;
    public const int PhoneWidth = 390;
    public const int PhoneHeight = 844;

    private static readonly string ScreenshotFolder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _trail = [];
    private readonly Dictionary<IRequest, string> _open = [];
    private readonly CapturedLogs? _serverLogs;
    private readonly int _serverLogsAtOpen;

    private WebPage(IBrowserContext context, IPage page, Uri root, CapturedLogs? serverLogs)
    {
        _context = context;
        Page = page;
        Root = root;
        _serverLogs = serverLogs;
        _serverLogsAtOpen = serverLogs?.Entries.Count ?? 0;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                _trail.Add($"at {frame.Url}");
            }
        };
        page.PageError += (_, error) => _trail.Add($"page error: {error}");
        // A page whose load event never comes is waiting for one of these.
        page.Request += (_, request) =>
        {
            lock (_open)
            {
                _open[request] = $"{request.Method} {request.Url}";
            }
        };
        page.RequestFinished += (_, request) =>
        {
            lock (_open)
            {
                _open.Remove(request);
            }
        };
        page.RequestFailed += (_, request) =>
        {
            lock (_open)
            {
                _open.Remove(request);
            }

            _trail.Add($"failed: {request.Method} {request.Url}: {request.Failure}");
        };
        // A script or style the content policy refuses shows up here: a page must load with none. A form answered
        // with a 4xx (a wrong password) is expected, so failed loads count only for what the page itself loads.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _consoleErrors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Request.IsNavigationRequest)
            {
                _consoleErrors.Add($"{response.Status} for {response.Url}");
            }

            if (response.Request.IsNavigationRequest || response.Request.ResourceType == "fetch")
            {
                _trail.Add($"{response.Request.Method} {response.Url} -> {response.Status}");
            }
        };
    }

    public IPage Page { get; }

    public Uri Root { get; }

    public static async Task<WebPage> OpenAsync(SocratesApp app)
    {
        var context = await Chromium.NewContextAsync();
        // Generous: the machine that runs the suite builds and tests other things at the same time.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return new WebPage(context, await context.NewPageAsync(), RootOf(app), app.Services.GetServices<ILoggerProvider>().OfType<CapturedLogs>().SingleOrDefault());
    }

    /// <summary>Where the server listens (a Kestrel port chosen at start, see <see cref="BrowserSetup"/>).</summary>
    public static Uri RootOf(SocratesApp app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public async Task<IResponse?> GoAsync(string path) => await Page.GotoAsync(new Uri(Root, path).ToString());

    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>
    /// Waits until the browser has parsed the whole page, up to the layout's last element. A page's heading shows while
    /// the rest of its HTML is still arriving: a count of a table's rows taken then saw 9 of 11 in CI.
    /// </summary>
    public Task WholePageAsync() => Page.Locator("#blazor-error-ui").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Axe at both widths, a screenshot of each, and no console error so far.</summary>
    public async Task CheckAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        foreach (var (width, height, suffix) in new[] { (DesktopWidth, DesktopHeight, "desktop"), (PhoneWidth, PhoneHeight, "phone") })
        {
            await Page.SetViewportSizeAsync(width, height);
            var result = await Page.RunAxe();
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{name} at {width} px: " + string.Join("; ", serious.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
            await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{FileName().Replace(name.ToLowerInvariant(), "-")}-{suffix}.png"), FullPage = true });
        }

        await Page.SetViewportSizeAsync(DesktopWidth, DesktopHeight);
        Assert.True(_consoleErrors.Count == 0, $"{name}: the browser console has errors: {string.Join(" | ", _consoleErrors)}");
    }

    public async ValueTask DisposeAsync()
    {
        await ReportAsync();
        await _context.DisposeAsync();
    }

    /// <summary>
    /// What the tab went through, written to the test's output, which the runner prints only for a test that failed:
    /// a browser test that times out waiting for an element otherwise says nothing about the page it was on.
    /// </summary>
    private async Task ReportAsync()
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        output.WriteLine("Browser trail: " + string.Join(Environment.NewLine + "  ", _trail));
        lock (_open)
        {
            output.WriteLine("Requests still open: " + (_open.Count == 0 ? "none" : string.Join(", ", _open.Values)));
        }

        try
        {
            var text = await Page.InnerTextAsync("body", new() { Timeout = 2_000 });
            output.WriteLine($"Last page {Page.Url}: {text[..Math.Min(text.Length, 1_500)]}");
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"Last page {Page.Url} could not be read: {e.Message}");
        }

        var serverProblems = _serverLogs?.Entries.Skip(_serverLogsAtOpen)
            .Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal) || e.StartsWith("Warning", StringComparison.Ordinal))
            .ToList() ?? [];
        output.WriteLine("Server warnings and errors meanwhile: " + (serverProblems.Count == 0 ? "none" : string.Join(Environment.NewLine, serverProblems)));
    }

    /// <summary>Signs a new user up through the form and returns their email and password.</summary>
    public async Task<(string Email, string Password)> SignUpAsync(string name = "Ada")
    {
        var email = $"web-{Guid.NewGuid():N}@example.com";
        const string password = "a long enough password";
        await GoAsync("/account/sign-up");
        await Field("Name").FillAsync(name);
        await Field("Email").FillAsync(email);
        await Field("Password").FillAsync(password);
        await Button("Create account").ClickAsync();
        // Not the load event: twice in CI (load 10+) it had not come 60 s after the page had arrived whole, and what a
        // test does next waits for its own elements anyway. WaitForURLAsync waits for it too when the URL has already
        // changed by the time it is called, whatever WaitUntil says; this assertion only polls the URL.
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/projects$"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Projects");
        return (email, password);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Socrates.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: Socrates.slnx was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex FileName();
}
