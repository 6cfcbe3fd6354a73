using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using OpenAI;
using OpenAI.Chat;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm;

namespace Socrates.Api.Tests.Gateway;

/// <summary>Tests that reach Socrates the way other tools do: with OpenAI's own .NET SDK and a personal access token.</summary>
public abstract class GatewayTestBase(SocratesApp app) : LlmTestBase(app)
{
    /// <summary>Creates a token for <paramref name="projectId"/> and returns its id and secret.</summary>
    protected static async Task<(Guid Id, string Secret)> NewTokenAsync(
        UserSession user, Guid projectId, string name = "editor", string[]? scopes = null, int? requestsPerMinute = null, int? tokensPerMinute = null)
    {
        var created = await (await user.Client.PostJsonAsync("/api/v1/tokens",
                new { name, project_id = projectId, scopes, requests_per_minute = requestsPerMinute, tokens_per_minute = tokensPerMinute }))
            .ExpectAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("token").GetString()!);
    }

    /// <summary>OpenAI's ChatClient pointed at this server's /v1, with retries off so that each error reaches the test.</summary>
    protected ChatClient OpenAiClient(string secret, string model = "default") => new(model, new ApiKeyCredential(secret), new OpenAIClientOptions
    {
        Endpoint = new Uri(App.Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(App.CreateClient()),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    /// <summary>Limits count in one-minute windows: a test that counts to a limit starts early in a minute, so it ends in the same one.</summary>
    protected static async Task StartOfAMinuteAsync()
    {
        var second = DateTimeOffset.UtcNow.Second;
        if (second >= 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }

    /// <summary>A plain client that sends <paramref name="secret"/> as its bearer token.</summary>
    protected HttpClient TokenClient(string secret)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
