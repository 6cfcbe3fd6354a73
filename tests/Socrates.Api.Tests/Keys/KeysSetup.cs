using Microsoft.AspNetCore.Hosting;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Keys;

/// <summary>
/// The key store's servers: two master key versions (1 active), logs captured at every level, an OpenAI system key,
/// no Claude system key, and a local model server.
/// </summary>
public sealed class KeysSetup : IAppSetup
{
    public const string SecondMasterKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    public const string OpenAiSystemKey = "sk-system-0penai-key-that-must-never-leave-the-server";
    public const string LocalBaseUrl = "http://127.0.0.1:11434";

    public CapturedLogs Logs { get; } = new();

    public Task StartAsync(SocratesApp app)
    {
        app.Set("Llm:MasterKeys:2", SecondMasterKey)
            .Set("Llm:ActiveMasterKeyVersion", "1")
            .Set("Llm:Providers:claude:ApiKey", "")
            .Set("Llm:Providers:openai:ApiKey", OpenAiSystemKey)
            .Set("Llm:Providers:local:BaseUrl", LocalBaseUrl);
        return Task.CompletedTask;
    }

    public void ConfigureWebHost(IWebHostBuilder builder) => Logs.AttachTo(builder);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
