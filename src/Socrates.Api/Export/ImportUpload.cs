using System.Text;
using Socrates.Api.Http;

namespace Socrates.Api.Export;

/// <summary>
/// The uploaded export as text: a multipart form's "file" field, or the raw body. Read with its own cap, so a
/// body without Content-Length cannot run past the limit either.
/// </summary>
public static class ImportUpload
{
    public const string FormField = "file";

    /// <exception cref="ProblemException">400 for no file, an empty or non-UTF-8 upload; 413 past <paramref name="maxBytes"/>.</exception>
    public static async Task<string> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile(FormField) ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                throw Fail(StatusCodes.Status400BadRequest, "No file uploaded",
                    $"The form has no file. Send the export as the '{FormField}' field of multipart/form-data, or as the raw request body.");
            }

            if (file.Length > maxBytes)
            {
                throw TooLarge(file.Length, maxBytes);
            }

            await using var stream = file.OpenReadStream();
            return await ReadCappedAsync(stream, maxBytes, ct);
        }

        return await ReadCappedAsync(request.Body, maxBytes, ct);
    }

    private static async Task<string> ReadCappedAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw TooLarge(null, maxBytes);
            }
        }

        if (buffer.Length == 0)
        {
            throw Fail(StatusCodes.Status400BadRequest, "Empty upload", "The upload is empty. Send a Socrates JSON or Markdown export.");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(StatusCodes.Status400BadRequest, "Not a Socrates export",
                "The upload is not UTF-8 text, so it is neither a Socrates JSON export nor a Markdown export.");
        }
    }

    private static ProblemException TooLarge(long? size, long maxBytes) => Fail(StatusCodes.Status413PayloadTooLarge, "Upload too large",
        (size is { } s ? $"The upload is {s} bytes; " : "The upload is larger than the limit; ") +
        $"imports take at most {maxBytes} bytes (Export:MaxImportBytes).");

    private static ProblemException Fail(int status, string title, string detail) => new(status, title, detail);
}
