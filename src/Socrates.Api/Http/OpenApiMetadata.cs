using Microsoft.AspNetCore.Http.Metadata;

namespace Socrates.Api.Http;

/// <summary>An example request body for the OpenAPI document (<see cref="OpenApiMetadata.WithExample"/>).</summary>
public sealed record RequestExample(object Value);

/// <summary>A response of an endpoint without a route handler, whose responses the framework cannot infer.</summary>
public sealed record DocumentedResponse(int StatusCode, Type? Type, IEnumerable<string> ContentTypes, string? Description = null) : IProducesResponseTypeMetadata;

/// <summary>The type of each event of a 200 answer's server-sent events form (<see cref="OpenApiMetadata.ProducesEventStream"/>).</summary>
public sealed record EventStreamResponse(Type EventType);

public static class OpenApiMetadata
{
    /// <summary>Shows <paramref name="body"/> as the operation's example request body.</summary>
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, object body) => builder.WithMetadata(new RequestExample(body));

    /// <summary>
    /// Documents the server-sent events form of the 200 answer beside its JSON form: endpoint metadata holds one
    /// content type per status, so a second Produces for 200 would replace the JSON one.
    /// </summary>
    public static RouteHandlerBuilder ProducesEventStream<TEvent>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new EventStreamResponse(typeof(TEvent)));
}
