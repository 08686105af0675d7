namespace FleetCtl.Web.Auth;

/// <summary>
/// The three roles, each including the one before: a <c>viewer</c> reads everything; an <c>operator</c> also acts
/// (acknowledges alerts, runs fleet operations); an <c>admin</c> also manages API tokens.
/// </summary>
public static class FleetRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    /// <summary>The role's rank (viewer 1, operator 2, admin 3); 0 for anything else.</summary>
    public static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Operator => 2,
        Admin => 3,
        _ => 0,
    };

    /// <summary>The known role spelled as given (any case), or null.</summary>
    public static string? Normalize(string? role) => role?.Trim().ToLowerInvariant() is { } r && Rank(r) > 0 ? r : null;
}

/// <summary>Authorization policy names: each page and endpoint names the least role it needs.</summary>
public static class FleetPolicies
{
    /// <summary>Any signed-in user (viewer, operator, admin). Also the fallback for endpoints that name none.</summary>
    public const string Viewer = "fleet-viewer";

    /// <summary>Operators and admins: actions that change something on the gateways or in the alert book.</summary>
    public const string Operator = "fleet-operator";

    /// <summary>Admins: tokens and access.</summary>
    public const string Admin = "fleet-admin";

    /// <summary>The least role a policy needs.</summary>
    public static string RoleFor(string policy) => policy switch
    {
        Operator => FleetRoles.Operator,
        Admin => FleetRoles.Admin,
        _ => FleetRoles.Viewer,
    };
}
