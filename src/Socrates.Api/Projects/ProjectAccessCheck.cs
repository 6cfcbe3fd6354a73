using System.Security.Claims;
using Socrates.Api.Auth;
using Socrates.Api.Http;
using Socrates.Api.Persistence;

namespace Socrates.Api.Projects;

/// <summary>A route naming another user's project (or none) is 404 whatever its body says, as its handler would answer.</summary>
internal sealed class ProjectAccessCheck(SpecsDb db) : IAccessCheck
{
    public async ValueTask<IResult?> DenyAsync(HttpContext context)
    {
        if (context.GetRouteValue("projectId") is not string value || !Guid.TryParse(value, out var projectId)
            || context.User is not { Identity.IsAuthenticated: true } user)
        {
            return null;
        }

        return await db.OwnsAsync(projectId, user.Id(), context.RequestAborted) ? null : Problems.ProjectNotFound(projectId);
    }
}
