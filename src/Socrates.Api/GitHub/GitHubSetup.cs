using Microsoft.Extensions.Options;
using Socrates.Api.Keys;

namespace Socrates.Api.GitHub;

public static class GitHubSetup
{
    /// <summary>The provider name a user's GitHub token is stored under.</summary>
    public const string KeyProvider = "github";

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
        services.AddKeyProvider(KeyProvider);
        services.AddSingleton<GitHubClientFactory>();
        services.AddSingleton<FetchSlots>();
        services.AddScoped<RepositoryAnalysisService>();
        return services;
    }
}
