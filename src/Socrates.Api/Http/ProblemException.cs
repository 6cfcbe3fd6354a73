using Microsoft.AspNetCore.Mvc;

namespace Socrates.Api.Http;

/// <summary>
/// A failure the caller can act on, thrown wherever it is found and written as RFC 9457 ProblemDetails by
/// <see cref="ProblemDetailsExceptionHandler"/>: one shape for every feature, so no handler translates errors.
/// </summary>
public class ProblemException(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null, Exception? inner = null)
    : Exception(detail, inner)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string Detail => Message;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public ProblemDetails ToProblemDetails()
    {
        var problem = new ProblemDetails { Status = Status, Title = Title, Detail = Detail };
        foreach (var (name, value) in Extensions)
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }
}
