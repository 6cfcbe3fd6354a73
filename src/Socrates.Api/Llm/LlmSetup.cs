using Socrates.Api.Llm.Budgets;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Llm.Providers;
using Socrates.Api.Llm.Usage;

namespace Socrates.Api.Llm;

/// <summary>The multi-provider manager: providers and their catalogue, calls, usage and budgets.</summary>
public static class LlmSetup
{
    public static IServiceCollection AddLlm(this IServiceCollection services)
    {
        services.AddLlmProviders();

        services.AddOptions<LlmCallOptions>().BindConfiguration(LlmCallOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.MaxAttempts >= 1, "Llm:Calls needs a positive Timeout and MaxAttempts >= 1.")
            .Validate(o => o.HoldLifetime is null || o.HoldLifetime > TimeSpan.Zero, "Llm:Calls:HoldLifetime must be positive when set.")
            .Validate(o => o.HoldSweepInterval > TimeSpan.Zero, "Llm:Calls:HoldSweepInterval must be positive.")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.InstanceStaleAfter >= 2 * o.HeartbeatInterval,
                "Llm:Calls:HeartbeatInterval must be positive and Llm:Calls:InstanceStaleAfter at least twice as long, " +
                "or a live server's calls could lose their budget holds between two beats.")
            .ValidateOnStart();
        services.AddTransient<UpstreamCapture>();
        services.AddHttpClient(ChatClientFactory.HttpClientName)
            // Each attempt has its own timeout in ChatRouter; HttpClient's 100 s default would cut long generations.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<UpstreamCapture>()
            // The factory's handlers open a log scope and write four events per request; ChatRouter logs what matters
            // (failures, with their cause), so on the chat path they would be CPU per call for nothing.
            .RemoveAllLoggers();
        services.AddSingleton<AttemptRetries>();
        services.AddSingleton<CallSettingsCache>();
        services.AddSingleton<TokenCounter>();
        services.AddHttpContextAccessor();
        services.AddScoped<ChatRouter>();

        services.AddSingleton<UsageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageWriter>());
        services.AddSingleton<UsageRecorder>();

        services.AddScoped<BudgetGuard>();
        services.AddScoped<MonthlyBudgets>();
        services.AddSingleton<InstanceHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceHeartbeat>());
        services.AddHostedService<BudgetHoldSweeper>();
        return services;
    }

    public static IEndpointRouteBuilder MapLlm(this IEndpointRouteBuilder routes) => routes
        .MapLlmProviders()
        .MapLlmCalls()
        .MapLlmUsage()
        .MapLlmBudgets();
}
