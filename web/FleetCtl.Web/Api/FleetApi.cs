using Akka.Actor;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Web.Auth;
using Scalar.AspNetCore;

namespace FleetCtl.Web.Api;

/// <summary>
/// The REST API (<c>/api/v1</c>; docs/api.md): gateways, history and catalog, each in its own file; its OpenAPI
/// document (<c>/openapi/v1.json</c>) and interactive reference (<c>/api/docs</c>). Every endpoint needs at least a
/// viewer; errors are problem+json (<see cref="ApiProblems"/>), an unknown <c>/api/...</c> route included.
/// </summary>
public static class FleetApi
{
    public static IServiceCollection AddFleetApi(this IServiceCollection services)
    {
        // one read side for all requests (it holds a materializer); the actor system exists once the host has started
        services.AddSingleton(sp => new HistoryQuery(sp.GetRequiredService<ActorSystem>()));
        // binding failures throw instead of answering an empty 400, so ApiErrors can say what was wrong
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(FleetOpenApi.DocumentName, FleetOpenApi.Configure);
        return services;
    }

    /// <summary>Problem+json for malformed requests (see <see cref="ApiErrors"/>); before the endpoints.</summary>
    public static IApplicationBuilder UseFleetApiErrors(this IApplicationBuilder app) => ApiErrors.Use(app);

    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(FleetPolicies.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        GatewaysApi.Map(api);
        HistoryApi.Map(api);
        CatalogApi.Map(api);

        // any other /api request: a problem (404, 405 or 415), not the dashboard's HTML; the literal prefix wins over a
        // page's catch-all route. Anonymous: see UnknownApiRoute.
        var unknown = new UnknownApiRoute(endpoints.ServiceProvider.GetRequiredService<EndpointDataSource>());
        endpoints.Map(UnknownApiRoute.Pattern, unknown.Answer).AllowAnonymous().ExcludeFromDescription();

        endpoints.MapOpenApi(FleetOpenApi.DocumentPattern).RequireAuthorization(FleetPolicies.Viewer);
        // a page for browsers (ApiProblems.IsApi leaves it out): without a session it redirects to the login form; once
        // signed in, the page loads the document and tries requests with the session cookie (or a token typed into it)
        endpoints.MapScalarApiReference(ApiProblems.ReferencePath, o => o
                .WithTitle("FleetCtl API")
                .WithOpenApiRoutePattern(FleetOpenApi.DocumentPattern)
                .AddPreferredSecuritySchemes(FleetOpenApi.BearerScheme)
                .DisableDefaultFonts()   // no fonts from a CDN: the page works without internet access
                .DisableTelemetry()      // nothing leaves the controller's network: no telemetry, AI chat or MCP links
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools())
            .RequireAuthorization(FleetPolicies.Viewer);
        return endpoints;
    }
}
