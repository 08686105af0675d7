using Akka.Cluster.Sharding;
using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Fleet.Hosting;

/// <summary>Shards gateway messages by gateway name (<see cref="IGatewayMessage.Gateway"/>).</summary>
public sealed class GatewayMessageExtractor(int maxNumberOfShards = 100) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IGatewayMessage m => m.Gateway,
        _ => null,
    };
}

/// <summary>Registry key of the <c>gateway</c> shard region.</summary>
public sealed class GatewayRegion;

/// <summary>Registry key of the actor that feeds <see cref="FleetDirectory"/>.</summary>
public sealed class FleetDirectoryKey;

/// <summary>Registry key of the actor that feeds <see cref="Telemetry.FleetTimeline"/>.</summary>
public sealed class FleetTimelineKey;

/// <summary>Registry key of the actor that feeds <see cref="FleetEventStream"/>.</summary>
public sealed class FleetEventStreamKey;
