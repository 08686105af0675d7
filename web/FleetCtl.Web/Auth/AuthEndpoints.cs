using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FleetCtl.Web.Auth;

/// <summary>Requests of the access API.</summary>
public sealed record TokenLoginRequest(string? User, string? Password, string? Name, string? Role, double? Days);

public sealed record CreateTokenRequest(string? Name, string? Role, double? Days);

public sealed record ChangePasswordRequest(string? Current, string? New);

/// <summary>A new token: <see cref="Token"/> is shown this once.</summary>
public sealed record CreatedToken(string Token, ApiTokenInfo Info);

public sealed record UserInfo(string Name, string Role, string Source);

public sealed record WhoAmI(string User, string Role, string Method, string? TokenId);

/// <summary>Dashboard login/logout (form posts) and the token API (<c>/api/v1/auth</c>, <c>/api/v1/tokens</c>).</summary>
public static class AuthEndpoints
{
    private const double MaxTokenDays = 3650;

    public static IEndpointRouteBuilder MapFleetAuth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", (Delegate)LoginFormAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapPost("/account/logout", (Delegate)LogoutAsync).DisableAntiforgery().ExcludeFromDescription();

        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("access");
        auth.MapPost("/token", TokenLogin).AllowAnonymous()
            .WithSummary("Exchange a user name and password for an API token (what 'fleetctl login' does)")
            .Produces<CreatedToken>().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(Me(user))).RequireAuthorization(FleetPolicies.Viewer)
            .WithSummary("Who the caller is").Produces<WhoAmI>();
        auth.MapPost("/password", ChangePassword).RequireAuthorization(FleetPolicies.Viewer)
            .WithSummary("Change the caller's own password")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest);

        endpoints.MapGet("/api/v1/users", (FleetAuthStore store) =>
                Results.Ok(store.Users.Select(u => new UserInfo(u.Name, u.Role, u.FromConfiguration ? "configuration" : "state file"))))
            .WithTags("access").RequireAuthorization(FleetPolicies.Admin).WithSummary("Users and their roles (never their password hashes)")
            .Produces<IEnumerable<UserInfo>>();

        var tokens = endpoints.MapGroup("/api/v1/tokens").WithTags("access").RequireAuthorization(FleetPolicies.Viewer);
        tokens.MapGet("/", (ClaimsPrincipal user, FleetAuthStore store) =>
            Results.Ok(store.Tokens(user.IsInRole(FleetRoles.Admin) ? null : user.Identity!.Name)))
            .WithSummary("API tokens: an admin sees all, others their own").Produces<IReadOnlyList<ApiTokenInfo>>();
        tokens.MapPost("/", CreateToken).WithSummary("Create a token for the caller, with at most the caller's role")
            .Produces<CreatedToken>().ProducesProblem(StatusCodes.Status400BadRequest);
        tokens.MapDelete("/{id}", (string id, ClaimsPrincipal user, FleetAuthStore store) =>
        {
            var token = store.Tokens().FirstOrDefault(t => t.Id == id);
            if (token is null || (!user.IsInRole(FleetRoles.Admin) && !string.Equals(token.User, user.Identity!.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return ApiProblems.NotFound($"no API token '{id}' that you may revoke");
            }

            return token.FromConfiguration
                ? ApiProblems.BadRequest($"token '{id}' comes from the configuration (Fleet:Auth:Tokens); remove it there")
                : store.RevokeToken(id, user.Identity!.Name!) ? Results.NoContent() : ApiProblems.NotFound($"no API token '{id}'");
        }).WithSummary("Revoke a token (an admin any, others their own)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static WhoAmI Me(ClaimsPrincipal user) => new(user.Identity!.Name!, user.FindFirstValue(ClaimTypes.Role)!,
        user.FindFirstValue(FleetIdentity.MethodClaim) ?? "password", user.FindFirstValue(FleetIdentity.TokenClaim));

    private static async Task<IResult> LoginFormAsync(HttpContext context, FleetAuthStore store, IAntiforgery antiforgery)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var returnUrl = LocalOnly(form["returnUrl"].ToString());
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Results.Redirect($"/login?error=expired&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        var name = form["user"].ToString().Trim();
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var (identity, refusal) = store.CheckPassword(name, form["password"].ToString(), remote);
        if (identity is null)
        {
            var error = refusal == LoginRefusal.LockedOut ? "locked" : "invalid";
            return Results.Redirect($"/login?error={error}&user={Uri.EscapeDataString(name)}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            identity.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme)).ConfigureAwait(false);
        store.RecordLogin(identity, remote);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // only the badge's own form signs out (another site cannot log a NOC screen out)
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Results.Redirect("/");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return Results.Redirect("/login");
    }

    private static IResult TokenLogin(TokenLoginRequest? request, HttpContext context, FleetAuthStore store)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.User) || string.IsNullOrEmpty(request.Password))
        {
            return ApiProblems.BadRequest("send JSON {\"user\": ..., \"password\": ...} (optional: name, role, days)");
        }

        var remote = context.Connection.RemoteIpAddress?.ToString();
        var (identity, refusal) = store.CheckPassword(request.User.Trim(), request.Password, remote);
        if (identity is null)
        {
            return ApiProblems.Result(StatusCodes.Status401Unauthorized, "Unauthorized", refusal == LoginRefusal.LockedOut
                ? "too many failed logins for this user; try again later"
                : "wrong user name or password");
        }

        store.RecordLogin(identity with { Method = "password (token)" }, remote);
        return Create(store, identity, request.Name ?? $"fleetctl login {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}", request.Role, request.Days ?? 90);
    }

    private static IResult CreateToken(CreateTokenRequest? request, ClaimsPrincipal user, FleetAuthStore store)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Name))
        {
            return ApiProblems.BadRequest("send JSON {\"name\": ...} (optional: role, days)");
        }

        var me = Me(user);
        if (me.User.StartsWith("token:", StringComparison.Ordinal))
        {
            return ApiProblems.Result(StatusCodes.Status403Forbidden, "Forbidden", "a token from the configuration cannot create tokens; log in as a user");
        }

        return Create(store, new FleetIdentity(me.User, me.Role, me.Method), request.Name, request.Role, request.Days);
    }

    private static IResult Create(FleetAuthStore store, FleetIdentity owner, string name, string? role, double? days)
    {
        if (name.Length > 100)
        {
            return ApiProblems.BadRequest("name: at most 100 characters");
        }

        var wanted = role is null ? owner.Role : FleetRoles.Normalize(role);
        if (wanted is null)
        {
            return ApiProblems.BadRequest($"role: '{role}' is not one of {string.Join(", ", FleetRoles.All)}");
        }

        if (FleetRoles.Rank(wanted) > FleetRoles.Rank(owner.Role))
        {
            return ApiProblems.Result(StatusCodes.Status403Forbidden, "Forbidden", $"a token cannot have more than your role ('{owner.Role}')");
        }

        if (days is { } d && (d <= 0 || d > MaxTokenDays || double.IsNaN(d)))
        {
            return ApiProblems.BadRequest($"days: between 0 and {MaxTokenDays}");
        }

        var (info, token) = store.CreateToken(owner.User, name, wanted, days is { } dd ? TimeSpan.FromDays(dd) : null);
        return Results.Ok(new CreatedToken(token, info));
    }

    private static IResult ChangePassword(ChangePasswordRequest? request, ClaimsPrincipal user, FleetAuthStore store)
    {
        if (request is null || string.IsNullOrEmpty(request.Current) || string.IsNullOrEmpty(request.New))
        {
            return ApiProblems.BadRequest("send JSON {\"current\": ..., \"new\": ...}");
        }

        return store.ChangePassword(user.Identity!.Name!, request.Current, request.New) is { } error
            ? ApiProblems.BadRequest(error)
            : Results.NoContent();
    }

    /// <summary>A return URL only if it stays on this site (no open redirect).</summary>
    public static string LocalOnly(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";
}
