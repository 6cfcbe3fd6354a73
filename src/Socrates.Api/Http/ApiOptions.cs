using System.ComponentModel.DataAnnotations;

namespace Socrates.Api.Http;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body accepted, in bytes; larger ones get 413 before they are read.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Whether /openapi/v1.json and the /scalar reference are served; unset, only in Development.</summary>
    public bool? PublicDocs { get; set; }
}
