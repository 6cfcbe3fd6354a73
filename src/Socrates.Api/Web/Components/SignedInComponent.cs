using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Socrates.Api.Auth;

namespace Socrates.Api.Web.Components;

/// <summary>
/// Base of every page behind sign-in: the signed-in user's id, read from the cookie's claims the same way an API
/// handler reads a token's, in static and in interactive rendering alike.
/// </summary>
public abstract class SignedInComponent : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected async Task<Guid> UserIdAsync() => (await AuthenticationState).User.Id();

    /// <summary>The signed-in user as an API handler takes them.</summary>
    protected async Task<ClaimsPrincipal> UserAsync() => (await AuthenticationState).User;
}
