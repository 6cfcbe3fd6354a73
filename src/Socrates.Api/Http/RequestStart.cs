namespace Socrates.Api.Http;

/// <summary>
/// When a request entered Socrates' pipeline, so a response can report how long Socrates itself held it
/// (<c>Server-Timing: total</c>): authentication and body parsing included, the network to and from it not.
/// </summary>
public sealed record RequestStart(long Timestamp);

internal static class RequestStartMiddleware
{
    public static IApplicationBuilder UseRequestStart(this IApplicationBuilder app)
    {
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use((context, next) =>
        {
            context.Features.Set(new RequestStart(time.GetTimestamp()));
            return next(context);
        });
    }
}
