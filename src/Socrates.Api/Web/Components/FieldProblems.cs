using Socrates.Api.Http;

namespace Socrates.Api.Web.Components;

/// <summary>
/// What went wrong with a form, by the field it concerns (the API's snake_case names), so a page shows each
/// problem's detail next to the control that caused it: see <see cref="FieldError"/> and <see cref="DescribedBy"/>.
/// A problem that concerns no single control goes under <see cref="Form"/>.
/// </summary>
public sealed class FieldProblems
{
    public const string Form = "";

    private readonly Dictionary<string, string> _details = [];

    public bool Any => _details.Count > 0;

    public string? this[string field] => _details.GetValueOrDefault(field);

    public void Clear() => _details.Clear();

    public void Show(string field, string detail) => _details[field] = detail;

    /// <summary>Each invalid field's first message; true when there was any.</summary>
    /// <param name="prefix">Before each field's name, where one page holds several forms with the same fields.</param>
    public bool Show(Validator validation, string prefix = "")
    {
        foreach (var (field, messages) in validation.Errors)
        {
            Show(prefix + field, messages[0]);
        }

        return !validation.IsValid;
    }

    /// <summary>
    /// A problem thrown by a feature service or handler, shown next to <paramref name="field"/>, or next to the field
    /// a validation problem names when it names one.
    /// </summary>
    public void Show(ProblemException problem, string field = Form, string prefix = "") =>
        Show(prefix + (problem.Extensions.GetValueOrDefault(HandlerResults.FieldExtension) as string ?? field), problem.Detail);

    /// <summary>The id of the field's message, for aria-describedby; null (so the attribute is left out) when it has none.</summary>
    public string? DescribedBy(string field) => _details.ContainsKey(field) ? ErrorId(field) : null;

    /// <summary>"true" for aria-invalid when the field has a problem, else null.</summary>
    public string? Invalid(string field) => _details.ContainsKey(field) ? "true" : null;

    public static string ErrorId(string field) => (field.Length == 0 ? "form" : field.Replace('.', '-')) + "-error";
}
