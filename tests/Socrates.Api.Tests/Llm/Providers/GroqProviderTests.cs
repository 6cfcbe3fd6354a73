using System.Net;
using Microsoft.Extensions.AI;
using Socrates.Api.Llm.Providers;

namespace Socrates.Api.Tests.Llm.Providers;

/// <summary>Where Groq's client sends a call when no Llm:Providers:groq:BaseUrl moves it (the integration tests always move it).</summary>
public sealed class GroqProviderTests
{
    private sealed class Refusing : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
    }

    [Fact]
    public async Task Without_a_base_url_a_call_goes_to_Groqs_own_endpoint_with_the_key_as_a_bearer_token()
    {
        using var handler = new Refusing();
        using var http = new HttpClient(handler);
        var client = new GroqProvider().CreateClient(new ChatTarget("groq", "llama-3.3-70b-versatile", "gsk_test-key", BaseUrl: null, Kind: null), http);

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("Hello"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(new Uri("https://api.groq.com/openai/v1/chat/completions"), request.RequestUri);
        Assert.Equal("Bearer gsk_test-key", request.Headers.Authorization?.ToString());
    }
}
