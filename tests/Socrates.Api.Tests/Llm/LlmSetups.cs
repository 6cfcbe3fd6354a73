using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Tests.Llm.Providers.Fakes;

namespace Socrates.Api.Tests.Llm;

/// <summary>
/// The fake providers behind every provider's address, and call settings made for tests: short retries, a sweeper
/// that runs often. With system keys, claude, openai and groq have one each (groq's from GROQ_API_KEY, the vendor's
/// own variable) and "local" is Ollama; without, "local" is an OpenAI-compatible server and the default model is an
/// unpriced local one.
/// </summary>
public abstract class FakeLlmSetup(bool systemKeys) : IAppSetup
{
    public const string ClaudeSystemKey = "sk-ant-system-key-0001";
    public const string OpenAiSystemKey = "sk-openai-system-key-0001";
    public const string GroqSystemKey = "gsk_groq-system-key-0001";

    /// <summary>A local model missing from the catalogue: its calls must be recorded unpriced, not free.</summary>
    public const string UnpricedLocalModel = "mystery-model:1b";

    public FakeProviders Fakes { get; private set; } = null!;

    public virtual async Task StartAsync(SocratesApp app)
    {
        Fakes = await FakeProviders.StartAsync();
        var root = Fakes.BaseUrl.ToString().TrimEnd('/');
        app.Set("Llm:Providers:claude:BaseUrl", root)
            .Set("Llm:Providers:openai:BaseUrl", root + "/v1")
            .Set("Llm:Providers:groq:BaseUrl", $"{root}/{FakeProviders.GroqPath}")
            // Generous by default: 200 concurrent calls share two cores with the fakes and the database.
            // The keyless app, which has the timeout test, waits 2 s.
            .Set("Llm:Calls:Timeout", systemKeys ? "00:00:30" : "00:00:02")
            .Set("Llm:Calls:MaxAttempts", "2")
            .Set("Llm:Calls:BaseDelay", "00:00:00.050")
            .Set("Llm:Calls:MaxRetryAfter", "00:00:05")
            // Holds expire only after the longest call (6.5 minutes here), so a frequent sweep releases none of a
            // running test's; it lets a test watch the background sweeper work.
            .Set("Llm:Calls:HoldSweepInterval", "00:00:00.250");
        if (systemKeys)
        {
            app.Set("Llm:Providers:claude:ApiKey", ClaudeSystemKey)
                .Set("Llm:Providers:openai:ApiKey", OpenAiSystemKey)
                .Set("GROQ_API_KEY", GroqSystemKey)
                .Set("Llm:Providers:local:BaseUrl", root)
                .Set("Llm:Providers:local:Kind", "ollama");
        }
        else
        {
            app.Set("Llm:Providers:local:BaseUrl", root + "/v1")
                .Set("Llm:Providers:local:Kind", "openai-compatible")
                .Set("Llm:DefaultProvider", "local")
                .Set("Llm:DefaultModel", UnpricedLocalModel);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Fakes.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The fake providers with system keys: what most LLM tests run against.</summary>
public sealed class LlmSetup() : FakeLlmSetup(systemKeys: true)
{
    public override async Task StartAsync(SocratesApp app)
    {
        await base.StartAsync(app);

        // 200 concurrent calls must not exhaust a shared test server's max_connections.
        (app as PostgresApp)?.LimitPools(specs: 30, auth: 20);
    }
}

/// <summary>No system keys, a 2 s attempt timeout, and an OpenAI-compatible local server whose default model has no price.</summary>
public sealed class KeylessSetup() : FakeLlmSetup(systemKeys: false);
