namespace Socrates.Api.Http;

/// <summary>
/// Headers every response carries so that a browser treats the API's answers as data: no MIME sniffing, no
/// referrer leaking a URL, and a content policy that lets nothing load, except on the API reference page, which
/// runs its own bundled script and styles from this server, and on the web app's HTML pages.
/// </summary>
internal static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Scalar's page: its bundle from /scalar, the inline configuration it starts with, and the OpenAPI document.</summary>
    public const string ReferencePolicy =
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>
    /// The web app's pages: its own script (blazor.web.js, which talks back over a same-origin WebSocket) and
    /// stylesheet, nothing inline, forms posting only here.
    /// </summary>
    public const string WebPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public const string ReferencePath = "/scalar";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase)
                ? ReferencePolicy
                : IsHtml(context.Response.ContentType) ? WebPolicy : ApiPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static bool IsHtml(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
