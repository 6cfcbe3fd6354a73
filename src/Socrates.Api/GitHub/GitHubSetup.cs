using Microsoft.Extensions.Options;

namespace Socrates.Api.GitHub;

public static class GitHubSetup
{
    public static IServiceCollection AddGitHub(this IServiceCollection services)
    {
        services.AddOptions<GitHubOptions>()
            .BindConfiguration(GitHubOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ApiBaseUrl.IsAbsoluteUri && o.ApiBaseUrl.Scheme is "https" or "http", "GitHub:ApiBaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.AllowedHosts.Length > 0, "GitHub:AllowedHosts must name at least one host.")
            .ValidateOnStart();
        services.AddHttpClient<RepositoryFetcher>()
            .ConfigurePrimaryHttpMessageHandler(sp => RepositoryFetcher.CreateHandler(sp.GetRequiredService<IOptions<GitHubOptions>>().Value))
            .ConfigureHttpClient((sp, http) => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<GitHubClientFactory>();
        services.AddSingleton<FetchSlots>();
        services.AddScoped<RepositoryAnalysisService>();
        services.AddScoped<RepositoryImporter>();
        services.AddScoped<LlmSpecifications>();
        return services;
    }
}
