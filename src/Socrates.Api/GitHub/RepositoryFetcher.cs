using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Options;
using Octokit;
using Socrates.Api.Http;

namespace Socrates.Api.GitHub;

/// <summary>
/// Brings one ref of a repository into a temporary folder: GitHub repositories as the API's tarball of the
/// resolved commit (token in the Authorization header, never the URL), other allowed hosts by shallow clone.
/// The caller disposes the result, which removes the folder.
/// </summary>
public sealed class RepositoryFetcher(HttpClient http, IOptions<GitHubOptions> options)
{
    private const int MaxRedirects = 5;

    private GitHubOptions Options => options.Value;

    /// <summary>
    /// The handler every fetch goes through: redirects are followed by hand (so each hop's host is checked) and
    /// every connection to a host other than the configured API root goes only to public addresses.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(GitHubOptions options)
    {
        var trustedHost = options.ApiBaseUrl.Host;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = host.Equals(trustedHost, StringComparison.OrdinalIgnoreCase)
                    ? await Dns.GetHostAddressesAsync(host, ct)
                    : await AddressGuard.ResolvePublicAsync(host, ct);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    public async Task<FetchedRepository> FetchAsync(RepositoryUrl url, string? token, CancellationToken ct)
    {
        var work = WorkFolder.Create(Options.WorkRoot);
        try
        {
            var tree = Path.Combine(work.FullPath, "tree");
            Directory.CreateDirectory(tree);
            return url.IsGitHub
                ? await FetchFromGitHubAsync(url, token, work, tree, ct)
                : await CloneAsync(url, work, tree, ct);
        }
        catch
        {
            await work.DisposeAsync();
            throw;
        }
    }

    private async Task<FetchedRepository> FetchFromGitHubAsync(RepositoryUrl url, string? token, WorkFolder work, string tree, CancellationToken ct)
    {
        var client = new GitHubClientFactory(options).Create(token);
        Octokit.Repository repository;
        string reference;
        string sha;
        try
        {
            repository = await client.Repository.Get(url.Owner, url.Name).WaitAsync(ct);
            reference = url.Ref ?? repository.DefaultBranch;
            sha = (await client.Repository.Commit.Get(url.Owner, url.Name, reference).WaitAsync(ct)).Sha;
        }
        catch (NotFoundException e) when (url.Ref is not null)
        {
            throw GitHubClientFactory.Explain(e, $"The repository {url.Owner}/{url.Name} or its ref '{url.Ref}'");
        }
        catch (ApiException e)
        {
            throw GitHubClientFactory.Explain(e, $"The repository {url.Owner}/{url.Name}");
        }
        catch (HttpRequestException e)
        {
            throw GitHubProblems.Upstream($"GitHub's API could not be reached: {e.Message}");
        }

        var extracted = await DownloadTarballAsync(url, sha, token, tree, ct);
        var source = new Analysis.RepositorySource(
            $"https://{url.Host}/{repository.FullName}", repository.FullName, reference, extracted.CommitSha ?? sha);
        return new FetchedRepository(work, tree, source, extracted.RealSizes, extracted.Warnings, repository.Private);
    }

    private async Task<ExtractedTree> DownloadTarballAsync(RepositoryUrl url, string sha, string? token, string tree, CancellationToken ct)
    {
        var apiRoot = Options.ApiBaseUrl.AbsoluteUri.EndsWith('/') ? Options.ApiBaseUrl : new Uri(Options.ApiBaseUrl.AbsoluteUri + "/");
        var next = new Uri(apiRoot, $"repos/{Uri.EscapeDataString(url.Owner)}/{Uri.EscapeDataString(url.Name)}/tarball/{sha}");
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Socrates", "1.0"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
            // The token goes only to the API, as a header; the redirect's URL is signed on its own and gets none.
            if (token is not null && hop == 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e) when (e.InnerException is ProblemException problem)
            {
                throw problem;
            }
            catch (HttpRequestException e)
            {
                throw GitHubProblems.Upstream($"The repository archive could not be downloaded: {e.Message}");
            }

            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    next = CheckRedirect(new Uri(next, location));
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    throw GitHubProblems.NotFound($"GitHub has no archive for {url.Owner}/{url.Name} at {sha}.");
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw GitHubProblems.Upstream($"GitHub answered {(int)response.StatusCode} for the repository archive.");
                }

                if (response.Content.Headers.ContentLength is { } length && length > Options.MaxDownloadBytes)
                {
                    throw GitHubProblems.TooManyBytes(Options.MaxDownloadBytes, "download");
                }

                await using var body = await response.Content.ReadAsStreamAsync(ct);
                try
                {
                    return await new TarballExtractor(Options).ExtractAsync(body, tree, ct);
                }
                catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
                {
                    throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "Unreadable archive",
                        $"The repository archive is not a valid gzip tarball: {e.Message}");
                }
            }
        }

        throw GitHubProblems.Upstream($"The repository archive redirected more than {MaxRedirects} times.");
    }

    /// <summary>A redirect may lead to the API host or to a configured archive host over https, nowhere else.</summary>
    private Uri CheckRedirect(Uri target)
    {
        var api = Options.ApiBaseUrl;
        var sameAsApi = target.Host.Equals(api.Host, StringComparison.OrdinalIgnoreCase) && target.Port == api.Port && target.Scheme == api.Scheme;
        var archiveHost = target.Scheme == Uri.UriSchemeHttps && target.IsDefaultPort && target.HostNameType == UriHostNameType.Dns
            && Options.ArchiveHosts.Contains(target.Host, StringComparer.OrdinalIgnoreCase);
        if (!sameAsApi && !archiveHost)
        {
            throw GitHubProblems.Upstream(
                $"GitHub redirected the archive download to {target.Scheme}://{target.Host}, which is not an allowed archive host (GitHub:ArchiveHosts).");
        }

        return target;
    }

    private async Task<FetchedRepository> CloneAsync(RepositoryUrl url, WorkFolder work, string tree, CancellationToken ct)
    {
        Directory.Delete(tree);
        var sha = await new GitCloner(Options).CloneAsync(url, tree, ct);
        var source = new Analysis.RepositorySource(url.CloneUri.ToString()[..^4], url.Path, url.Ref ?? "HEAD", sha);
        return new FetchedRepository(work, tree, source, null, [], IsPrivate: false);
    }
}

/// <summary>A fetched tree in its own temporary folder; disposing removes the folder.</summary>
public sealed record FetchedRepository(
    WorkFolder Work,
    string Root,
    Analysis.RepositorySource Source,
    IReadOnlyDictionary<string, long>? RealSizes,
    IReadOnlyList<string> Warnings,
    bool IsPrivate) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Work.DisposeAsync();
}
