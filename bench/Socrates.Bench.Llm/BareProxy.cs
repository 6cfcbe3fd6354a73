using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socrates.Bench.Llm;

/// <summary>
/// The least any gateway can add: a Kestrel endpoint that forwards the chat body to the fake server with HttpClient
/// and copies the answer back, with no auth, no database, no SDK and no usage row. Socrates' own cost is what it
/// adds beyond this.
/// </summary>
internal sealed class BareProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 });

    private BareProxy(WebApplication app) => _app = app;

    public Uri BaseUrl => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<BareProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var proxy = new BareProxy(builder.Build());
        proxy._app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream, "v1/chat/completions"))
            {
                Content = new StreamContent(context.Request.Body),
            };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Authorization = new("Bearer", "sk-bench");
            using var response = await proxy._forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = "application/json";
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await proxy._app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
