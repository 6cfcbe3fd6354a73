using Microsoft.AspNetCore.Diagnostics;
using Socrates.Api.Web.Account;
using Socrates.Api.Web.Projects;
using Socrates.Api.Web.Projects.GitHubImport;
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
        services.AddSingleton<RepositoryImportJobs>();
        return services;
    }

    /// <summary>
    /// A page address nobody serves answers a browser with the app's "Not found" page (the status kept); under /api
    /// and /v1 this step stands aside, so the status code pages registered before it answer with ProblemDetails.
    /// </summary>
    public static WebApplication UseNotFoundPage(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (IsApi(context.Request.Path) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>Addresses for programs (the APIs and their OpenAPI description and reference), answered in ProblemDetails.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/v1") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/scalar");

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
