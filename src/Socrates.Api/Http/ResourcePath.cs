namespace Socrates.Api.Http;

/// <summary>
/// URL paths built from user data, for response headers such as Location. A header carries ASCII only, and a
/// client resolving the path must get back the same segments: each one is percent-encoded (space, '#', '?', '%',
/// non-ASCII), so writing the header cannot fail after the write it reports has been committed.
/// </summary>
public static class ResourcePath
{
    /// <summary><paramref name="prefix"/> (a fixed route, already safe) followed by the '/'-separated segments of <paramref name="path"/>, each encoded.</summary>
    public static string Of(string prefix, string path) =>
        prefix.TrimEnd('/') + "/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
