using System.Diagnostics;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Socrates.Api.Tokens;

namespace Socrates.Api.Telemetry;

/// <summary>
/// The request's W3C trace id, so a user's report can be found in the logs and traces: sent back in the
/// <c>traceresponse</c> header (W3C Trace Context level 2), and, with the caller's user and project ids, put in the log
/// scope of every line the request writes. It is the incoming traceparent's trace id when there is one.
/// </summary>
internal static class RequestTrace
{
    public static string Id(HttpContext context) => Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;

    /// <summary>Before authentication: the header, for every response, errors included.</summary>
    public static IApplicationBuilder UseTraceResponse(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (Activity.Current is { } activity)
        {
            context.Response.Headers["traceresponse"] = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01";
        }

        return next(context);
    });

    /// <summary>After authentication: who is calling, in the scope of every log line.</summary>
    public static IApplicationBuilder UseCallerLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Socrates.Request");
        return app.Use(async (context, next) =>
        {
            var user = context.User;
            if (user.FindFirstValue(JwtRegisteredClaimNames.Sub) is not { } userId)
            {
                await next(context);
                return;
            }

            var projectId = user.FindFirstValue(TokenScopes.ProjectClaim) ?? context.Request.RouteValues["projectId"] as string;
            using var scope = logger.BeginScope(new Dictionary<string, object?> { ["UserId"] = userId, ["ProjectId"] = projectId, ["TokenId"] = user.TokenId() });
            await next(context);
        });
    }
}
