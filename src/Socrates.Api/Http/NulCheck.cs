using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Socrates.Api.Http;

/// <summary>
/// Finds NUL characters (see <see cref="TextRules"/>) in what a request sends: query parameters and every string of a
/// bound body, at any depth, under the JSON (snake_case) name a client sent it as. Done once for every endpoint, so a
/// body without a validator (a login, a list of fallbacks) cannot carry NUL to the database either. Route values need
/// no check: the server's URL decoder refuses a path holding NUL ("The path contains null characters") before routing.
/// </summary>
public static class NulCheck
{
    private const int MaxDepth = 16;
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> Properties = new();

    /// <summary>Whether a handler parameter of this type is bound from the JSON body (a request record of this API).</summary>
    public static bool IsBody(ParameterInfo parameter, IServiceProviderIsService? services)
    {
        var type = parameter.ParameterType;
        return type.Assembly == typeof(NulCheck).Assembly && type is { IsClass: true, IsAbstract: false } && services?.IsService(type) != true;
    }

    /// <summary>Adds one error per query parameter that holds NUL.</summary>
    public static void InQuery(HttpContext context, Validator errors)
    {
        foreach (var (key, values) in context.Request.Query)
        {
            if (key.Contains(TextRules.Nul, StringComparison.Ordinal) || values.Any(v => v?.Contains(TextRules.Nul, StringComparison.Ordinal) == true))
            {
                var field = key.Replace("\0", "\\u0000", StringComparison.Ordinal);
                errors.Add(field, TextRules.NulMessage(field));
            }
        }
    }

    /// <summary>Adds one error per string in <paramref name="body"/> that holds NUL, named by its path ("messages[2].content").</summary>
    public static void InBody(object? body, Validator errors) => Walk(body, "", errors, 0);

    private static void Walk(object? value, string path, Validator errors, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (text.Contains(TextRules.Nul, StringComparison.Ordinal))
                {
                    errors.Add(path, TextRules.NulMessage(path));
                }

                return;
            case IDictionary:
                return;
            case IEnumerable items when depth < MaxDepth:
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", errors, depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (type.Assembly != typeof(NulCheck).Assembly || depth >= MaxDepth)
        {
            return;
        }

        foreach (var (name, property) in Properties.GetOrAdd(type, Describe))
        {
            Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
        }
    }

    private static (string, PropertyInfo)[] Describe(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Where(p => p.PropertyType == typeof(string) || !p.PropertyType.IsValueType)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p)),
    ];
}
