using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Socrates.Bench.Llm;

/// <summary>
/// The least any gateway can add: a Kestrel endpoint that forwards the chat body to the fake server with HttpClient
/// and copies the answer back, with no auth, no database, no SDK and no usage row. Socrates' own cost is what it
/// adds beyond this. Runs in its own process (<c>bare-proxy UPSTREAM</c>, address from ASPNETCORE_URLS), as Socrates does.
/// </summary>
internal static class BareProxy
{
    public const string Command = "bare-proxy";

    public static Task<ChildProcess> StartAsync(Uri upstream) =>
        ChildProcess.StartAsync(typeof(BareProxy).Assembly.Location, [Command, upstream.ToString()], AppContext.BaseDirectory, new Dictionary<string, string>
        {
            // As Socrates.Api.csproj sets it for Socrates: a floor that spins would not be the least a gateway can cost.
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
        });

    public static async Task RunAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        using var forward = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 });
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream, "v1/chat/completions"))
            {
                Content = new StreamContent(context.Request.Body),
            };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Authorization = new("Bearer", "sk-bench");
            using var response = await forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = "application/json";
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.RunAsync();
    }
}
