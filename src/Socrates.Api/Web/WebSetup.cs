using Socrates.Api.Web.Account;
using Socrates.Api.Web.Projects;
using Socrates.Api.Web.Usage;

namespace Socrates.Api.Web;

/// <summary>
/// The browser app at /: Razor components rendered on the server (statically, or interactively over a circuit where
/// a page updates live), signed in with the cookie of <see cref="Auth.WebCookie"/>. Pages call the same feature
/// services as the JSON API, in process.
/// </summary>
public static class WebSetup
{
    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>
    /// An address nobody serves answers a browser with the app's "Not found" page (status 404 kept); under /api and
    /// /v1 the status code pages before this keep answering with ProblemDetails.
    /// </summary>
    public static WebApplication UseNotFoundPage(this WebApplication app)
    {
        app.UseWhen(
            context => !IsApi(context.Request.Path),
            web => web.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        return app;
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/v1");

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapSignOut();
        app.MapExportDownloads();
        app.MapUsageCsv();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
