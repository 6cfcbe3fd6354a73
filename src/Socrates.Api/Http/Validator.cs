namespace Socrates.Api.Http;

/// <summary>
/// Collects field errors under their JSON (snake_case) names, so a client can point at the exact field.
/// Checks read as sentences in the request records; the handler asks <see cref="IsValid"/> once.
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>
    /// A field that must be present and visible (<see cref="TextRules.IsVisible"/>): a name of spaces or of
    /// zero-width characters is as blank as no name. Its characters follow <see cref="TextRules"/> for its kind.
    /// </summary>
    public Validator Required(string field, string? value, int maxLength, TextKind kind = TextKind.Line)
    {
        if (value is null || value.Length == 0)
        {
            return Add(field, $"'{field}' is required.");
        }

        return NotBlank(field, value, maxLength, kind);
    }

    /// <summary>A field that may be left out (null), but when given must be visible, as <see cref="Required"/>.</summary>
    public Validator NotBlank(string field, string? value, int maxLength, TextKind kind = TextKind.Line)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Length > maxLength || TextRules.Problem(field, value, kind) is not null)
        {
            return MaxLength(field, value, maxLength, kind);
        }

        return TextRules.IsVisible(value) ? this : Add(field, $"'{field}' cannot be blank: it has no visible character.");
    }

    /// <summary>An optional field: at most <paramref name="maxLength"/> characters, following <see cref="TextRules"/> for its kind.</summary>
    public Validator MaxLength(string field, string? value, int maxLength, TextKind kind = TextKind.Line)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Length > maxLength)
        {
            return Add(field, $"'{field}' must be at most {maxLength} characters (it has {value.Length}).");
        }

        return TextRules.Problem(field, value, kind) is { } problem ? Add(field, problem) : this;
    }

    public Validator OneOf(string field, string? value, IReadOnlyList<string> allowed) =>
        value is not null && !allowed.Contains(value)
            ? Add(field, $"'{field}' must be one of: {string.Join(", ", allowed)} (got '{value}').")
            : this;

    public Validator InRange(string field, double? value, double min, double max) =>
        value is { } v && (double.IsNaN(v) || v < min || v > max)
            ? Add(field, $"'{field}' must be between {min} and {max} (got {v}).")
            : this;
}
