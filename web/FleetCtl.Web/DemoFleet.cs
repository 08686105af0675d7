using FleetCtl.Fleet.Inventory;
using FleetCtl.Simulator;

namespace FleetCtl.Web;

/// <summary>Settings of the demo fleet (<c>Fleet:Demo</c>), started when the inventory has no gateways.</summary>
public sealed record DemoFleetOptions
{
    public int Gateways { get; init; } = 20;
    public int SasPerGateway { get; init; } = 25;

    /// <summary>Background SA events per second across the demo fleet.</summary>
    public double EventRate { get; init; } = 20;
}

/// <summary>
/// Simulated gateways run in this process (unix sockets in a temp folder) so a fresh clone shows a live fleet.
/// Registered first among the hosted services, so it stops last: after the gateway actors let go of their sockets.
/// </summary>
public sealed class DemoFleet(SimulatedFleet fleet, ILogger<DemoFleet> logger) : IHostedService, IAsyncDisposable
{
    public SimulatedFleet Fleet => fleet;

    /// <summary>Starts a simulated fleet and returns it with its inventory.</summary>
    public static async Task<(SimulatedFleet Fleet, FleetInventory Inventory)> StartAsync(DemoFleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fleet = new SimulatedFleet(new FleetOptions
        {
            Gateways = options.Gateways,
            SasPerGateway = options.SasPerGateway,
            EventRate = options.EventRate,
            Versions = ["5.9.8", "6.0.3"],
        });
        await fleet.StartAsync().ConfigureAwait(false);
        var inventory = FleetInventory.Create(
            fleet.Gateways.Select(g => new GatewayDefinition { Name = g.Name, Uri = g.Uri, Tags = g.Tags, Origin = "demo" }),
            "demo fleet");
        return (fleet, inventory);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var summary = fleet.GetSummary();
        DemoLog.Started(logger, summary.Gateways, summary.IkeSas, summary.ChildSas, fleet.Directory ?? "(tcp)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => fleet.StopAsync();

    public ValueTask DisposeAsync() => fleet.DisposeAsync();
}

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "No gateways configured (Fleet:Gateways / Fleet:InventoryFile): started a DEMO fleet of {Gateways} simulated gateways ({IkeSas} IKE_SAs, {ChildSas} CHILD_SAs) with sockets in {Directory}")]
    public static partial void Started(ILogger logger, int gateways, int ikeSas, int childSas, string directory);
}
