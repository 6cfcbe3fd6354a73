using Socrates.Api.Http;

namespace Socrates.Api.Projects;

public static class ProjectsSetup
{
    public static IServiceCollection AddProjects(this IServiceCollection services) =>
        services.AddScoped<IAccessCheck, ProjectAccessCheck>();
}
