using System.Text.Json;
using System.Text.RegularExpressions;

namespace Socrates.Api.Http;

/// <summary>
/// The framework's 400 messages name .NET types ("could not be converted to System.Int32", "parameter "Guid
/// projectId""). These say the same in the API's terms: which value is wrong, where, and what it should be.
/// </summary>
internal static partial class BadRequestMessages
{
    private const string AnObject = "an object";

    public static string ForJson(JsonException json)
    {
        var path = json.Path ?? "$";
        if (ConversionError().Match(json.Message) is { Success: true } conversion)
        {
            // For a record's constructor parameter the serializer names the record, not the field's own type.
            var expected = Describe(conversion.Groups["type"].Value);
            return expected == AnObject && path != "$"
                ? $"the value at '{path}' is not of the type that field takes."
                : $"the value at '{path}' must be {expected}.";
        }

        if (MissingProperties().Match(json.Message) is { Success: true } missing)
        {
            return $"required properties are missing: {missing.Groups["names"].Value}.";
        }

        return NamesAType(json.Message) ? $"the value at '{path}' is not what this endpoint expects." : json.Message;
    }

    public static string ForBinding(BadHttpRequestException bad)
    {
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            return $"'{bind.Groups["name"].Value}' must be {Describe(bind.Groups["type"].Value)} (got \"{bind.Groups["value"].Value}\").";
        }

        if (NotProvided().Match(bad.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? "This endpoint needs a JSON request body."
                : $"'{missing.Groups["name"].Value}' is required in the {missing.Groups["source"].Value}.";
        }

        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return "This endpoint needs a JSON request body.";
        }

        return NamesAType(bad.Message) ? "The request does not match what this endpoint expects." : bad.Message;
    }

    /// <summary>A .NET type name (System.Int32, int?, List`1[System.Guid], Socrates.Api....Request) as a person would say it.</summary>
    private static string Describe(string type)
    {
        var name = type.TrimEnd('?');
        if (name.StartsWith("System.Nullable`1[", StringComparison.Ordinal) || name.StartsWith("Nullable<", StringComparison.Ordinal))
        {
            name = name[(name.IndexOfAny(['[', '<']) + 1)..].TrimEnd(']', '>');
        }

        if (name.Contains("Dictionary", StringComparison.Ordinal))
        {
            return "an object";
        }

        if (name.EndsWith("[]", StringComparison.Ordinal) || name.Contains('`') || name.Contains('<'))
        {
            return "an array";
        }

        return name[(name.LastIndexOf('.') + 1)..] switch
        {
            "Int16" or "Int32" or "Int64" or "UInt16" or "UInt32" or "UInt64" or "Byte" or "short" or "int" or "long" or "uint" or "ulong" or "byte" => "a whole number",
            "Decimal" or "Double" or "Single" or "decimal" or "double" or "float" => "a number",
            "String" or "string" => "a string",
            "Boolean" or "bool" => "true or false",
            "Guid" => "a UUID",
            "DateTime" or "DateTimeOffset" => "a date and time (ISO 8601)",
            "DateOnly" => "a date (YYYY-MM-DD)",
            "TimeSpan" => "a duration (hh:mm:ss)",
            var simple when typeof(BadRequestMessages).Assembly.GetType(name) is { IsEnum: true } || IsEnumNamed(simple) => "one of the documented values",
            _ => AnObject,
        };
    }

    private static bool IsEnumNamed(string simpleName) =>
        typeof(BadRequestMessages).Assembly.GetTypes().Any(t => t.IsEnum && t.Name == simpleName);

    private static bool NamesAType(string message) =>
        message.Contains("System.", StringComparison.Ordinal) || message.Contains("Socrates.", StringComparison.Ordinal)
        || message.Contains("Microsoft.", StringComparison.Ordinal);

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.? Path:")]
    private static partial Regex ConversionError();

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided from (?<source>.+?)\\.$")]
    private static partial Regex NotProvided();
}
