using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Socrates.Api.Export;

/// <summary>
/// The uploaded export as text: a multipart form's "file" field, or the raw body. Read with its own cap, so a
/// body without Content-Length cannot run past the limit either.
/// </summary>
public sealed record ImportUpload(string? Text, ProblemHttpResult? Problem)
{
    public const string FormField = "file";

    public static async Task<ImportUpload> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile(FormField) ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                return Fail(StatusCodes.Status400BadRequest, "No file uploaded",
                    $"The form has no file. Send the export as the '{FormField}' field of multipart/form-data, or as the raw request body.");
            }

            if (file.Length > maxBytes)
            {
                return TooLarge(file.Length, maxBytes);
            }

            await using var stream = file.OpenReadStream();
            return await ReadCappedAsync(stream, maxBytes, ct);
        }

        return await ReadCappedAsync(request.Body, maxBytes, ct);
    }

    private static async Task<ImportUpload> ReadCappedAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return TooLarge(null, maxBytes);
            }
        }

        if (buffer.Length == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "Empty upload", "The upload is empty. Send a Socrates JSON or Markdown export.");
        }

        try
        {
            return new ImportUpload(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return Fail(StatusCodes.Status400BadRequest, "Not a Socrates export",
                "The upload is not UTF-8 text, so it is neither a Socrates JSON export nor a Markdown export.");
        }
    }

    private static ImportUpload TooLarge(long? size, long maxBytes) => Fail(StatusCodes.Status413PayloadTooLarge, "Upload too large",
        (size is { } s ? $"The upload is {s} bytes; " : "The upload is larger than the limit; ") +
        $"imports take at most {maxBytes} bytes (Export:MaxImportBytes).");

    private static ImportUpload Fail(int status, string title, string detail) =>
        new(null, TypedResults.Problem(detail: detail, statusCode: status, title: title));
}
