using FleetCtl.Fleet.Hosting;

namespace FleetCtl.Web;

/// <summary>The JSON API for scripts and tests (<c>/api/v1</c>). Answers from <see cref="FleetDirectory"/>; asks an actor only for one gateway's SAs.</summary>
public static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");
        api.MapGet("/gateways", (FleetDirectory directory) => Results.Ok(directory.All));
        api.MapGet("/gateways/{name}", async (string name, IFleetQueries queries, CancellationToken ct) =>
            await queries.GetGatewayViewAsync(name, ct).ConfigureAwait(false) is { } view ? Results.Ok(view) : Results.NotFound());
        return endpoints;
    }
}
