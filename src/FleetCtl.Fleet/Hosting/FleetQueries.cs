using Akka.Actor;
using Akka.Hosting;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;

namespace FleetCtl.Fleet.Hosting;

/// <summary>Questions the edge (pages, API) asks the gateway actors. The only place that Asks.</summary>
public interface IFleetQueries
{
    /// <summary>The live view of one gateway; null when the inventory has no such gateway.</summary>
    Task<GatewayView?> GetGatewayViewAsync(string name, CancellationToken cancellationToken = default);
}

public sealed class FleetQueries(FleetInventory inventory, IRequiredActor<GatewayRegion> region) : IFleetQueries
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(10);

    public async Task<GatewayView?> GetGatewayViewAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!inventory.Contains(name))
        {
            return null;
        }

        var shards = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        return await shards.Ask<GatewayView>(new GetGatewayView(name), s_askTimeout, cancellationToken).ConfigureAwait(false);
    }
}
