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

    public Validator Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, $"'{field}' is required.");
        }

        return MaxLength(field, value, maxLength);
    }

    public Validator MaxLength(string field, string? value, int maxLength) =>
        value is not null && value.Length > maxLength
            ? Add(field, $"'{field}' must be at most {maxLength} characters (it has {value.Length}).")
            : this;

    public Validator OneOf(string field, string? value, IReadOnlyList<string> allowed) =>
        value is not null && !allowed.Contains(value)
            ? Add(field, $"'{field}' must be one of: {string.Join(", ", allowed)} (got '{value}').")
            : this;

    public Validator InRange(string field, double? value, double min, double max) =>
        value is { } v && (double.IsNaN(v) || v < min || v > max)
            ? Add(field, $"'{field}' must be between {min} and {max} (got {v}).")
            : this;
}
