using System.Security.Claims;
using Socrates.Api.Export;
using Socrates.Api.Persistence;

namespace Socrates.Api.Web.Projects;

/// <summary>
/// The export downloads for the browser, signed in by cookie: the API's own export handler at a page address (the
/// JSON API takes only bearer tokens). Another user's project is the same 404 as in the API.
/// </summary>
public static class ExportDownloads
{
    public static IEndpointRouteBuilder MapExportDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/projects/{id:guid}/export/{format}",
                (Guid id, string format, HttpContext http, ClaimsPrincipal user, SpecsDb db, TimeProvider time, PdfExporter pdf, CancellationToken ct) =>
                    ExportApi.Export(id, format, http, user, db, time, pdf, ct))
            .RequireAuthorization()
            .ExcludeFromDescription();
        return routes;
    }
}
