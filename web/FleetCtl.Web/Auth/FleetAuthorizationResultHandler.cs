using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FleetCtl.Web.Auth;

/// <summary>
/// Turns authorization failures into answers a user understands: for the API, 401/403 problem+json naming what is
/// missing (never a redirect to the login page); for pages, the cookie scheme's redirects. Every 403 is logged.
/// </summary>
public sealed class FleetAuthorizationResultHandler(FleetAuthStore store) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var required = policy.Requirements.OfType<RolesAuthorizationRequirement>()
                .Select(r => r.AllowedRoles.MinBy(FleetRoles.Rank) ?? FleetRoles.Viewer)
                .MaxBy(FleetRoles.Rank) ?? FleetRoles.Viewer;
            var user = context.User.Identity?.Name;
            var role = context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
            store.RecordDenied(user, role, context.Request.Path, required);
            if (ApiProblems.IsApi(context.Request))
            {
                await ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                    $"'{user}' has the role '{role}'; this needs '{required}'.").ConfigureAwait(false);
                return;
            }
        }
        else if (authorizeResult.Challenged && ApiProblems.IsApi(context.Request))
        {
            // the token handler explains what was wrong with the token, or that one is needed
            await context.ChallengeAsync(ApiTokenHandler.SchemeName).ConfigureAwait(false);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
