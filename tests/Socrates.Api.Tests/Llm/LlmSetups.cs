using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Llm;

/// <summary>An app whose providers are the fake servers; used as a class fixture by the LLM tests.</summary>
public interface ILlmApp
{
    FakeProviders Fakes { get; }
}

public static class LlmTestSettings
{
    public const string ClaudeSystemKey = "sk-ant-system-key-0001";
    public const string OpenAiSystemKey = "sk-openai-system-key-0001";

    /// <summary>A local model missing from the catalogue: its calls must be recorded unpriced, not free.</summary>
    public const string UnpricedLocalModel = "mystery-model:1b";

    public static async Task<FakeProviders> ApplyAsync(SocratesApp app, bool systemKeys)
    {
        var fakes = await FakeProviders.StartAsync();
        var root = fakes.BaseUrl.ToString().TrimEnd('/');
        app.Set("Llm:Providers:claude:BaseUrl", root)
            .Set("Llm:Providers:openai:BaseUrl", root + "/v1")
            // Generous by default: 200 concurrent calls share two cores with the fakes and the database.
            // The keyless app, which has the timeout test, waits 2 s.
            .Set("Llm:Calls:Timeout", systemKeys ? "00:00:30" : "00:00:02")
            .Set("Llm:Calls:MaxAttempts", "2")
            .Set("Llm:Calls:BaseDelay", "00:00:00.050")
            .Set("Llm:Calls:MaxRetryAfter", "00:00:05")
            // Holds expire only after the longest call (6.5 minutes here), so a frequent sweep releases none of a
            // running test's; it lets a test watch the background sweeper work.
            .Set("Llm:Calls:HoldSweepInterval", "00:00:00.250")
            // Whatever the machine has in its environment must not leak into the tests.
            .Set("ANTHROPIC_API_KEY", "")
            .Set("OPENAI_API_KEY", "");
        if (systemKeys)
        {
            app.Set("Llm:Providers:claude:ApiKey", ClaudeSystemKey)
                .Set("Llm:Providers:openai:ApiKey", OpenAiSystemKey)
                .Set("Llm:Providers:local:BaseUrl", root)
                .Set("Llm:Providers:local:Kind", "ollama");
        }
        else
        {
            // No system keys; "local" is an OpenAI-compatible server (llama.cpp, vLLM) and the default model is unpriced.
            app.Set("Llm:Providers:local:BaseUrl", root + "/v1")
                .Set("Llm:Providers:local:Kind", "openai-compatible")
                .Set("Llm:DefaultProvider", "local")
                .Set("Llm:DefaultModel", UnpricedLocalModel);
        }

        return fakes;
    }
}

public sealed class LlmSqliteApp : SqliteApp, ILlmApp
{
    public FakeProviders Fakes { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Fakes = await LlmTestSettings.ApplyAsync(this, systemKeys: true);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}

public sealed class LlmPostgresApp : PostgresApp, ILlmApp
{
    public LlmPostgresApp()
    {
        // 200 concurrent calls must not exhaust a shared test server's max_connections.
        if (Unavailable is not null)
        {
            return;
        }

        Set("ConnectionStrings:Specs", WithDatabase(SpecsDatabase) + ";Maximum Pool Size=30");
        Set("ConnectionStrings:Auth", WithDatabase(AuthDatabase) + ";Maximum Pool Size=20");
    }

    public FakeProviders Fakes { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Fakes = await LlmTestSettings.ApplyAsync(this, systemKeys: true);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}

public sealed class KeylessSqliteApp : SqliteApp, ILlmApp
{
    public FakeProviders Fakes { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Fakes = await LlmTestSettings.ApplyAsync(this, systemKeys: false);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}

public sealed class KeylessPostgresApp : PostgresApp, ILlmApp
{
    public FakeProviders Fakes { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Fakes = await LlmTestSettings.ApplyAsync(this, systemKeys: false);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}
