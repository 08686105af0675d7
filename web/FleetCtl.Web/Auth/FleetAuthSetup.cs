using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace FleetCtl.Web.Auth;

/// <summary>Authentication (dashboard cookie, API bearer token) and role policies, wired in one place.</summary>
public static class FleetAuthSetup
{
    /// <summary>The default scheme: a bearer header picks the token handler, anything else the cookie.</summary>
    public const string Scheme = "fleetctl";
    public const string CookieName = "fleetctl.session";

    /// <summary>Reads and validates <c>Fleet:Auth</c>; throws <see cref="FleetAuthException"/> with every problem.</summary>
    public static FleetAuthOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(FleetAuthOptions.Section).Get<FleetAuthOptions>() ?? new FleetAuthOptions();
        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new FleetAuthException("bad Fleet:Auth settings:\n  " + string.Join("\n  ", problems));
    }

    public static IServiceCollection AddFleetAuth(this IServiceCollection services, FleetAuthOptions options, string contentRoot)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new FleetAuthStore(options, contentRoot, sp.GetRequiredService<ILogger<FleetAuthStore>>()));
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                ApiTokenHandler.TryGetBearer(context.Request, out _) ? ApiTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(options.SessionHours);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/access-denied";
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);

        services.AddAuthorizationBuilder().AddFleetPolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, FleetAuthorizationResultHandler>();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The role policies (<see cref="FleetPolicies"/>) and the fallback; also what component tests authorize with.</summary>
    public static AuthorizationBuilder AddFleetPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(FleetPolicies.Viewer, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.Viewer, FleetRoles.Operator, FleetRoles.Admin))
            .AddPolicy(FleetPolicies.Operator, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.Operator, FleetRoles.Admin))
            .AddPolicy(FleetPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.Admin))
            // every endpoint and page that names no policy still needs a signed-in user
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireRole(FleetRoles.Viewer, FleetRoles.Operator, FleetRoles.Admin).Build());
    }

    /// <summary>
    /// First start: creates the admin and prints its password once to <paramref name="console"/> (standard output,
    /// not the log, so it does not end up in log shipping).
    /// </summary>
    public static void EnsureFirstAdmin(FleetAuthStore store, FleetAuthOptions options, TextWriter console)
    {
        if (store.EnsureFirstAdmin() is not { } password)
        {
            return;
        }

        console.WriteLine();
        console.WriteLine("  ================================================================");
        console.WriteLine("  FleetCtl: no users were configured, so an administrator was created.");
        console.WriteLine($"    user:     {options.FirstAdmin}");
        console.WriteLine($"    password: {password}");
        console.WriteLine("  This is the only time the password is shown (only its hash is kept,");
        console.WriteLine($"  in {store.StatePath}). Change it on the Account page.");
        console.WriteLine("  ================================================================");
        console.WriteLine();
        console.Flush();
    }
}
