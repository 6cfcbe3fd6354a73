using Microsoft.Extensions.Options;
using Socrates.Api.Keys;

namespace Socrates.Api.Llm.Providers;

public static class ProvidersSetup
{
    /// <summary>One instance of each class in this assembly implementing <see cref="ILlmProvider"/>, ordered by type name.</summary>
    public static IEnumerable<ILlmProvider> Implementations() => typeof(ILlmProvider).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILlmProvider).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ILlmProvider)Activator.CreateInstance(t)!);

    /// <summary>
    /// Every provider Socrates can call: each class in this assembly implementing <see cref="ILlmProvider"/>, so adding
    /// one is that class and its catalogue entries. The catalogue is checked against them when the server starts.
    /// </summary>
    public static IServiceCollection AddLlmProviders(this IServiceCollection services)
    {
        foreach (var provider in Implementations())
        {
            services.AddSingleton(provider);
            services.AddKeyProvider(provider.Id);
        }

        services.AddOptions<LlmCatalogueOptions>().BindConfiguration(LlmOptions.Section);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmCatalogueOptions>>().Value;
            var path = options.CatalogueFile is { Length: > 0 } custom
                ? Path.GetFullPath(custom, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : Path.Combine(AppContext.BaseDirectory, "Llm", "Providers", "models.json");
            return ModelCatalogue.Load(path, options.Models);
        });
        services.AddSingleton<LlmProviders>();
        services.AddHostedService<CatalogueCheck>();

        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.Section)
            .PostConfigure<IConfiguration, IEnumerable<ILlmProvider>>((options, configuration, providers) =>
            {
                // The vendors' own variable names work as they do with their SDKs.
                foreach (var provider in providers)
                {
                    if (provider.ApiKeyVariable is { } variable && configuration[variable] is { Length: > 0 } key && !string.IsNullOrWhiteSpace(key))
                    {
                        var settings = options.For(provider.Id);
                        settings.ApiKey ??= key;
                        options.Providers[provider.Id] = settings;
                    }
                }
            });
        services.AddSingleton<IServerKeys, LlmServerKeys>();
        services.AddSingleton<ChatClientFactory>();
        return services;
    }
}

/// <summary>The system keys of Llm:Providers:{id}:ApiKey, for the rule "the caller's key, else the server's".</summary>
internal sealed class LlmServerKeys(IOptionsMonitor<LlmOptions> options) : IServerKeys
{
    public string? Find(string provider) => options.CurrentValue.For(provider).ApiKey;
}

/// <summary>Builds <see cref="LlmProviders"/> as the server starts, so a catalogue provider without an implementation stops it there.</summary>
internal sealed class CatalogueCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<LlmProviders>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
