using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.Extensions.Options;

namespace Socrates.Api.Gateway;

/// <summary>
/// Every error under /v1 in OpenAI's shape, {"error": {"message", "type", "param", "code"}}, which OpenAI's SDKs and the
/// tools built on them read. It is a problem details writer placed before the default one, so each way a problem is
/// made (a thrown ProblemException, a validation result, a 401 challenge, an unknown route) reaches it, and the
/// mapping lives here once. Everywhere else keeps RFC 9457 problem details.
/// </summary>
internal sealed class OpenAiErrors(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public static bool Applies(HttpContext context) => context.Request.Path.StartsWithSegments(GatewayApi.Prefix, StringComparison.Ordinal);

    public bool CanWrite(ProblemDetailsContext context) => Applies(context.HttpContext);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var body = new OpenAiErrorBody(ErrorOf(context.ProblemDetails, response.StatusCode));
        return new ValueTask(response.WriteAsJsonAsync(body, json.Value.SerializerOptions, contentType: "application/json"));
    }

    public static OpenAiError ErrorOf(ProblemDetails problem, int status)
    {
        var code = status == 0 ? problem.Status ?? 500 : status;
        (string type, string? errorCode) = code switch
        {
            400 or 413 or 422 => ("invalid_request_error", Extension(problem, "code")),
            401 => ("authentication_error", "invalid_api_key"),
            402 => ("insufficient_quota", "budget_exceeded"),
            403 => ("permission_error", null),
            404 => ("invalid_request_error", Extension(problem, "code") ?? "not_found"),
            409 => ("invalid_request_error", "conflict"),
            429 => ("rate_limit_error", Extension(problem, "code") ?? "rate_limit_exceeded"),
            _ => ("api_error", Extension(problem, "error_kind")),
        };

        var message = problem.Detail ?? problem.Title ?? "The request failed.";
        string? param = null;
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid)
        {
            param = invalid.Errors.Keys.First();
            message = string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
        }

        return new OpenAiError(message, type, param, errorCode);
    }

    private static string? Extension(ProblemDetails problem, string name) => problem.Extensions.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>Writes an error into a stream that has started: the status is sent already, so it goes as the last event.</summary>
    public static string StreamEvent(ProblemDetails problem, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(new OpenAiErrorBody(ErrorOf(problem, problem.Status ?? 500)), options);
}
