using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FleetCtl.Web.Auth;

/// <summary>Authenticates <c>Authorization: Bearer fct_...</c> API tokens against <see cref="FleetAuthStore"/>.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, FleetAuthStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    private const string FailureKey = "fleetctl:token-failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryGetBearer(Request, out var token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var (identity, reason) = store.CheckToken(token, Context.Connection.RemoteIpAddress?.ToString());
        if (identity is null)
        {
            Context.Items[FailureKey] = reason;
            return Task.FromResult(AuthenticateResult.Fail(reason ?? "invalid token"));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(identity.ToPrincipal(SchemeName), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Context.Items[FailureKey] is string reason
            ? $"The bearer token was refused: {reason}. Get a new one with 'fleetctl login' or from an admin."
            : "This needs an API token (Authorization: Bearer ...) or a dashboard login. 'fleetctl login' gets a token.";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");

    /// <summary>The bearer token of a request, if it has one.</summary>
    public static bool TryGetBearer(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header["Bearer ".Length..].Trim();
        return token.Length > 0;
    }
}
