using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Http;

internal static class RequestBodyLimit
{
    /// <summary>
    /// Refuses a declared oversize body before reading it, and stops an undeclared (chunked) one as soon as it
    /// passes the limit. Kestrel enforces its own limit too, but not every server does (the test server does
    /// not), so the body stream itself is capped here. An endpoint that declares its own limit
    /// (IRequestSizeLimitMetadata, e.g. the project import) gets that one instead.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "Request body too large",
                        Detail = $"The request body is {context.Request.ContentLength} bytes; this server accepts at most {limit} bytes.",
                    },
                });
                return;
            }

            if (context.Request.ContentLength is null)
            {
                context.Request.Body = new BoundedReadStream(context.Request.Body, limit, () =>
                    new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge));
            }

            await next(context);
        });
}
