using Microsoft.Extensions.Options;

namespace Socrates.Api.Llm;

internal static class ApiKeysSetup
{
    /// <summary>The encrypted key store, its master keys (validated at start-up) and the rewrap behind <c>rotate-keys</c>.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<MasterKeyOptions>, DevelopmentMasterKey>();
        services.AddSingleton<IValidateOptions<MasterKeyOptions>, MasterKeyOptionsValidator>();
        services.AddSingleton<KeyVault>();
        services.AddScoped<ApiKeyStore>();
        services.AddScoped<IUserApiKeys>(sp => sp.GetRequiredService<ApiKeyStore>());
        services.AddScoped<ApiKeyRewrap>();
        return services;
    }
}
