using Microsoft.AspNetCore.Hosting;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm;

/// <summary>
/// The key store's servers: two master key versions (1 active), logs captured at every level, an OpenAI system key,
/// no Claude system key (whatever ANTHROPIC_API_KEY says on this machine), and a local model server.
/// </summary>
internal static class LlmKeysSettings
{
    public const string SecondMasterKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    public const string OpenAiSystemKey = "sk-system-0penai-key-that-must-never-leave-the-server";
    public const string LocalBaseUrl = "http://127.0.0.1:11434";

    public static void Apply(SocratesApp app) => app
        .Set("Llm:MasterKeys:2", SecondMasterKey)
        .Set("Llm:ActiveMasterKeyVersion", "1")
        .Set("Llm:Providers:claude:ApiKey", "")
        .Set("Llm:Providers:openai:ApiKey", OpenAiSystemKey)
        .Set("Llm:Providers:local:BaseUrl", LocalBaseUrl);
}

public sealed class LlmKeysSqliteApp : SqliteApp
{
    public LlmKeysSqliteApp() => LlmKeysSettings.Apply(this);

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Logs.AttachTo(builder);
    }
}

public sealed class LlmKeysPostgresApp : PostgresApp
{
    public LlmKeysPostgresApp() => LlmKeysSettings.Apply(this);

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Logs.AttachTo(builder);
    }
}
