using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Socrates.Api.Http;

internal static class OpenApiSetup
{
    public const string SchemeName = "Bearer";

    public static IServiceCollection AddSocratesOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options
            .AddDocumentTransformer<BearerSecurityScheme>()
            .AddOperationTransformer<SecurityPerOperation>()
            .AddOperationTransformer<RequestExamples>()
            .AddOperationTransformer<EventStreams>()
            .AddDocumentTransformer<EndpointsWithoutHandlers>());

    private static bool NeedsCaller(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    private static OpenApiSecurityRequirement Bearer(OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] };

    /// <summary>Declares the bearer scheme so the Scalar UI offers a token field.</summary>
    private sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "Socrates API";
            document.Info.Description = "Turn an idea into a complete software specification, and that specification into code.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The access_token from POST /api/v1/auth/login, or a personal access token (sk-soc-…) from POST /api/v1/tokens: " +
                    "any token for /v1, one with the scope 'api' for the JSON API.",
            };
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// The bearer requirement on each operation that needs a caller, and none on the anonymous ones (health, the export
    /// schema, register, login), so a reader and a generated client can tell them apart.
    /// </summary>
    private sealed class SecurityPerOperation : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            if (NeedsCaller(context.Description.ActionDescriptor.EndpointMetadata))
            {
                operation.Security = [Bearer(context.Document)];
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Adds the server-sent events form (<see cref="EventStreamResponse"/>) to the 200 answer beside its JSON form.</summary>
    private sealed class EventStreams : IOpenApiOperationTransformer
    {
        public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var stream = context.Description.ActionDescriptor.EndpointMetadata.OfType<EventStreamResponse>().LastOrDefault();
            if (stream is not null && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is not null)
            {
                ok.Content["text/event-stream"] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(stream.EventType, null, cancellationToken) };
            }
        }
    }

    /// <summary>
    /// Endpoints mapped without a route handler (the health checks) are not in the framework's description; those that
    /// carry a name and a summary are added from their metadata, with their responses, and with the bearer requirement
    /// only when they need a caller.
    /// </summary>
    private sealed class EndpointsWithoutHandlers(EndpointDataSource endpoints) : IOpenApiDocumentTransformer
    {
        public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Paths ??= [];
            foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
            {
                var metadata = endpoint.Metadata;
                if (metadata.GetMetadata<System.Reflection.MethodInfo>() is not null
                    || metadata.GetMetadata<IEndpointNameMetadata>() is not { } name
                    || metadata.GetMetadata<IEndpointSummaryMetadata>() is not { } summary)
                {
                    continue;
                }

                var operation = new OpenApiOperation
                {
                    OperationId = name.EndpointName,
                    Summary = summary.Summary,
                    Description = metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description,
                    Tags = new HashSet<OpenApiTagReference>(metadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).Select(t => new OpenApiTagReference(t, document))),
                    Responses = [],
                    Security = NeedsCaller(metadata) ? [Bearer(document)] : null,
                };
                foreach (var produces in metadata.OfType<IProducesResponseTypeMetadata>())
                {
                    var schema = produces.Type is { } type ? await context.GetOrCreateSchemaAsync(type, null, cancellationToken) : null;
                    operation.Responses[produces.StatusCode.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
                    {
                        Description = ReasonPhrases.GetReasonPhrase(produces.StatusCode),
                        Content = produces.ContentTypes.ToDictionary(c => c, _ => new OpenApiMediaType { Schema = schema }),
                    };
                }

                var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                var item = document.Paths.TryGetValue(path, out var existing) ? (OpenApiPathItem)existing : new OpenApiPathItem();
                foreach (var method in metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                {
                    item.AddOperation(HttpMethod.Parse(method), operation);
                }

                document.Paths[path] = item;
            }
        }
    }

    /// <summary>Writes a <see cref="RequestExample"/> as the JSON body's example, in the API's own naming (snake_case).</summary>
    private sealed class RequestExamples(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().LastOrDefault();
            if (example is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            {
                body.Example = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json.Value.SerializerOptions);
            }

            return Task.CompletedTask;
        }
    }
}
