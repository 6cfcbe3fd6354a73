using Microsoft.Extensions.Options;

namespace Socrates.Api.Keys;

public static class KeysSetup
{
    /// <summary>
    /// The encrypted key store, its master keys (validated at start-up), the rewrap behind <c>rotate-keys</c>, and the
    /// rule for which key a call uses. Features add the providers a key may be stored for with <c>AddKeyProvider</c>.
    /// </summary>
    public static IServiceCollection AddKeys(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<MasterKeyOptions>, DevelopmentMasterKey>();
        services.AddSingleton<IValidateOptions<MasterKeyOptions>, MasterKeyOptionsValidator>();
        services.AddOptions<KeyCacheOptions>().BindConfiguration("Llm:Calls");
        services.AddSingleton<KeyVault>();
        services.AddSingleton<SealedKeyCache>();
        services.AddSingleton<KeyProviders>();
        services.AddScoped<ApiKeyStore>();
        services.AddScoped<IUserApiKeys>(sp => sp.GetRequiredService<ApiKeyStore>());
        services.AddScoped<ProviderKeys>();
        services.AddScoped<ApiKeyRewrap>();
        return services;
    }
}
