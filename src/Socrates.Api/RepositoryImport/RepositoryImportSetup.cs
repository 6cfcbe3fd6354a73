namespace Socrates.Api.RepositoryImport;

public static class RepositoryImportSetup
{
    public static IServiceCollection AddRepositoryImport(this IServiceCollection services)
    {
        services.AddScoped<RepositoryImporter>();
        services.AddScoped<ReadmeSpecifications>();
        services.AddScoped<RepositoryImportService>();
        return services;
    }
}
