using Microsoft.Extensions.Options;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm.Providers;

public sealed class ChatClientFactoryTests
{
    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }

    private sealed class Options(LlmOptions value) : IOptionsMonitor<LlmOptions>
    {
        public LlmOptions CurrentValue => value;

        public LlmOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<LlmOptions, string?> listener) => null;
    }

    private readonly ManualClock _clock = new();

    private readonly ChatClientFactory _factory;

    public ChatClientFactoryTests() => _factory = new ChatClientFactory(
        new LlmProviders([new OpenAiProvider()], new ModelCatalogue([new ProviderInfo("openai", "OpenAI")], [])),
        new Clients(),
        new Options(new LlmOptions
        {
            Providers = { ["openai"] = new LlmProviderSettings { ApiKey = "sk-server", BaseUrl = new Uri("http://127.0.0.1:9/v1") } },
        }),
        _clock);

    private ChatTarget Target(string model, string? key = "sk-server") => _factory.Target("openai", model, key);

    [Fact]
    public void A_client_for_the_servers_key_is_kept_and_one_for_a_users_key_is_not()
    {
        Assert.Same(_factory.Create(Target("gpt-5-mini")), _factory.Create(Target("gpt-5-mini")));
        Assert.NotSame(_factory.Create(Target("gpt-5-mini", "sk-user")), _factory.Create(Target("gpt-5-mini", "sk-user")));
    }

    [Fact]
    public void When_full_of_expired_clients_a_new_target_is_still_kept()
    {
        for (var i = 0; i < 300; i++)
        {
            _factory.Create(Target($"model-{i}"));
        }

        _clock.Now += TimeSpan.FromMinutes(3);

        var first = _factory.Create(Target("new-model"));
        Assert.Same(first, _factory.Create(Target("new-model")));
    }
}
