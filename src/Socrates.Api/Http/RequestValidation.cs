namespace Socrates.Api.Http;

/// <summary>A request body that checks its own fields, under their JSON (snake_case) names.</summary>
public interface IValidatable
{
    Validator Validate();
}

/// <summary>
/// Something a caller may not see, checked before an invalid body is answered: a caller who may not see the resource
/// learns nothing from its body's errors, and gets the 404 the handler would have given.
/// </summary>
public interface IAccessCheck
{
    /// <summary>The response that denies this request, or null when the caller may see what it names.</summary>
    ValueTask<IResult?> DenyAsync(HttpContext context);
}

/// <summary>
/// Answers 400 with every invalid field before the handler runs: NUL anywhere in the request (<see cref="NulCheck"/>)
/// for every endpoint, then the checks of each argument that is an <see cref="IValidatable"/>.
/// </summary>
public static class RequestValidation
{
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices.GetService<IServiceProviderIsService>();
            var parameters = factory.MethodInfo.GetParameters();
            var bodies = parameters.Where(p => NulCheck.IsBody(p, services)).Select(p => p.Position).ToArray();
            var checkedArguments = parameters
                .Where(p => typeof(IValidatable).IsAssignableFrom(p.ParameterType))
                .Select(p => p.Position)
                .ToArray();

            return async context =>
            {
                var nul = new Validator();
                NulCheck.InQuery(context.HttpContext, nul);
                foreach (var position in bodies)
                {
                    NulCheck.InBody(context.Arguments[position], nul);
                }

                if (!nul.IsValid)
                {
                    return await DenyOrInvalidAsync(context.HttpContext, nul);
                }

                foreach (var position in checkedArguments)
                {
                    if (context.Arguments[position] is IValidatable request && request.Validate() is { IsValid: false } validation)
                    {
                        return await DenyOrInvalidAsync(context.HttpContext, validation);
                    }
                }

                return await next(context);
            };
        });

    private static async ValueTask<object?> DenyOrInvalidAsync(HttpContext context, Validator validation)
    {
        foreach (var check in context.RequestServices.GetServices<IAccessCheck>())
        {
            if (await check.DenyAsync(context) is { } denied)
            {
                return denied;
            }
        }

        return Problems.Invalid(validation.Errors);
    }
}
