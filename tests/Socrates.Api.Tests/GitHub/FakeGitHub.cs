using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socrates.Api.Tests.GitHub;

/// <summary>
/// GitHub's REST API as far as the import uses it, on 127.0.0.1 with a real Kestrel socket: repository
/// metadata, a ref's commit SHA (application/vnd.github.sha), the tarball (302 to a codeload-like URL on the
/// same host) and the signed-in user's repositories with Link paging. A private repository answers 404 unless
/// the request carries its token in the Authorization header, as GitHub does.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>The token /user/repos accepts, and the repositories it lists.</summary>
    public string UserToken { get; set; } = "ghp_fake_user_token";

    public List<FakeRepository> UserRepositories { get; } = [];

    /// <summary>A token for which /user/repos drops the connection unanswered, as an unreachable GitHub would.</summary>
    public const string UnreachableToken = "ghp_fake_unreachable";

    public static async Task<FakeGitHub> StartAsync()
    {
        var fake = new FakeGitHub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            fake._requests.Enqueue(new RecordedRequest(
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString()));
            await next();
        });
        app.MapGet("/repos/{owner}/{repo}", fake.GetRepository);
        app.MapGet("/repos/{owner}/{repo}/commits/{**reference}", fake.GetCommit);
        app.MapGet("/repos/{owner}/{repo}/tarball/{sha}", fake.GetTarball);
        app.MapGet("/_codeload/{owner}/{repo}/{sha}", fake.GetCodeload);
        app.MapGet("/user/repos", fake.ListUserRepositories);
        await app.StartAsync();
        fake._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public FakeRepository Add(FakeRepository repository)
    {
        _repositories[repository.FullName] = repository;
        return repository;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static bool Authorised(HttpContext context, FakeRepository repository) =>
        !repository.Private || TokenOf(context) == repository.Token;

    private static string? TokenOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && header[..space] is "token" or "Token" or "Bearer" ? header[(space + 1)..] : null;
    }

    private IResult GetRepository(HttpContext context, string owner, string repo) =>
        _repositories.TryGetValue($"{owner}/{repo}", out var r) && Authorised(context, r)
            ? Results.Json(RepositoryJson(r))
            : NotFound();

    private IResult GetCommit(HttpContext context, string owner, string repo, string reference)
    {
        if (!_repositories.TryGetValue($"{owner}/{repo}", out var r) || !Authorised(context, r)
            || !(reference == r.DefaultBranch || reference == r.Sha || r.OtherRefs.Contains(reference)))
        {
            return NotFound();
        }

        return context.Request.Headers.Accept.ToString().Contains("sha", StringComparison.Ordinal)
            ? Results.Text(r.Sha, "application/vnd.github.sha")
            : Results.Json(new { sha = r.Sha });
    }

    private async Task<IResult> GetTarball(HttpContext context, string owner, string repo, string sha)
    {
        if (!_repositories.TryGetValue($"{owner}/{repo}", out var r) || !Authorised(context, r) || sha != r.Sha)
        {
            return NotFound();
        }

        if (r.HangTarball)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        // GitHub redirects to a short-lived codeload URL; the token stays behind.
        return Results.Redirect(r.RedirectTarballTo ?? $"{BaseUrl}_codeload/{owner}/{repo}/{sha}");
    }

    private IResult GetCodeload(string owner, string repo, string sha) =>
        _repositories.TryGetValue($"{owner}/{repo}", out var r) && sha == r.Sha
            ? Results.Bytes(r.Tarball, "application/x-gzip")
            : NotFound();

    private IResult ListUserRepositories(HttpContext context, int page = 1, int per_page = 30)
    {
        if (TokenOf(context) == UnreachableToken)
        {
            context.Abort();
            return Results.Empty;
        }

        if (TokenOf(context) != UserToken)
        {
            return Results.Json(new { message = "Requires authentication" }, statusCode: 401);
        }

        var items = UserRepositories.Skip((page - 1) * per_page).Take(per_page).Select(RepositoryJson).ToList();
        if (page * per_page < UserRepositories.Count)
        {
            context.Response.Headers.Link = $"<{BaseUrl}user/repos?page={page + 1}&per_page={per_page}>; rel=\"next\"";
        }

        return Results.Json(items);
    }

    private static IResult NotFound() =>
        Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }, statusCode: (int)HttpStatusCode.NotFound);

    private object RepositoryJson(FakeRepository r) => new Dictionary<string, object?>
    {
        ["id"] = r.Id,
        ["node_id"] = "R_" + r.Id,
        ["name"] = r.Name,
        ["full_name"] = r.FullName,
        ["private"] = r.Private,
        ["owner"] = new Dictionary<string, object?> { ["login"] = r.Owner, ["id"] = 1, ["type"] = "User" },
        ["html_url"] = $"https://github.com/{r.FullName}",
        ["url"] = $"{BaseUrl}repos/{r.FullName}",
        ["default_branch"] = r.DefaultBranch,
        ["language"] = r.Language,
        ["created_at"] = "2024-01-01T00:00:00Z",
        ["updated_at"] = r.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["pushed_at"] = "2024-01-02T00:00:00Z",
        ["visibility"] = r.Private ? "private" : "public",
    };
}

public sealed record RecordedRequest(string PathAndQuery, string Authorization);

public sealed class FakeRepository(string owner, string name, string sha, byte[] tarball)
{
    private static int _nextId = 1000;

    public long Id { get; } = Interlocked.Increment(ref _nextId);

    public string Owner { get; } = owner;

    public string Name { get; } = name;

    public string FullName => $"{Owner}/{Name}";

    public string Sha { get; } = sha;

    public byte[] Tarball { get; } = tarball;

    public string DefaultBranch { get; init; } = "main";

    public HashSet<string> OtherRefs { get; init; } = [];

    public bool Private { get; init; }

    public string? Token { get; init; }

    public string? Language { get; init; }

    public DateTimeOffset UpdatedAt { get; init; } = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public string? RedirectTarballTo { get; init; }

    public bool HangTarball { get; init; }
}
