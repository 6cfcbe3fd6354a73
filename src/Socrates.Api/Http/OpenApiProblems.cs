namespace Socrates.Api.Http;

/// <summary>
/// The problem responses many routes share, declared for the OpenAPI document in one call each. A test
/// (OpenApiDocumentTests) sends known-bad requests to every operation and fails when a status it sees is not declared.
/// </summary>
public static class OpenApiProblems
{
    /// <summary>A route behind RequireAuthorization: 401 without a valid bearer token, 403 for a personal token without the scope 'api'.</summary>
    public static TBuilder ProducesSignedInProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>A route under /projects/{projectId}: 401, and 404 for a project that is missing or another user's.</summary>
    public static TBuilder ProducesProjectProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesSignedInProblems().ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>A route with a JSON body: 400 for malformed JSON or invalid fields, 413 past the body limit.</summary>
    public static TBuilder ProducesBodyProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// A route that calls the project's model through the router: 402 when a budget is used up, 409 when the model
    /// cannot be used as set (no key, unpriced under a budget), and 502/503/504 when the provider fails or times out.
    /// </summary>
    public static TBuilder ProducesModelProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
}
