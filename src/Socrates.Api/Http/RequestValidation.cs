using System.Reflection;

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
/// Answers 400 with every invalid field before the handler runs, for each endpoint that takes an
/// <see cref="IValidatable"/>; endpoints without one get no filter at all, so they pay nothing for it.
/// </summary>
public static class RequestValidation
{
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var checkedArguments = factory.MethodInfo.GetParameters()
                .Where(p => typeof(IValidatable).IsAssignableFrom(p.ParameterType))
                .Select(p => p.Position)
                .ToArray();
            if (checkedArguments.Length == 0)
            {
                return next;
            }

            return async context =>
            {
                foreach (var position in checkedArguments)
                {
                    if (context.Arguments[position] is IValidatable request && request.Validate() is { IsValid: false } validation)
                    {
                        foreach (var check in context.HttpContext.RequestServices.GetServices<IAccessCheck>())
                        {
                            if (await check.DenyAsync(context.HttpContext) is { } denied)
                            {
                                return denied;
                            }
                        }

                        return Problems.Invalid(validation.Errors);
                    }
                }

                return await next(context);
            };
        });
}
