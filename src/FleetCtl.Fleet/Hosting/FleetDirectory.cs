using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;

namespace FleetCtl.Fleet.Hosting;

/// <summary>
/// The latest <see cref="GatewayStatus"/> of every gateway, kept in memory from the <see cref="FleetTopics.Gateways"/>
/// topic so pages and the API answer without asking any actor. Gateways of the inventory that have not reported yet
/// show as <see cref="GatewayConnectionState.Connecting"/>.
/// </summary>
public sealed class FleetDirectory
{
    private readonly ConcurrentDictionary<string, GatewayStatus> _statuses = new(StringComparer.Ordinal);

    public FleetDirectory(FleetInventory inventory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        foreach (var gateway in inventory)
        {
            _statuses[gateway.Name] = new GatewayStatus
            {
                Gateway = gateway.Name,
                Uri = gateway.Uri ?? gateway.Command ?? "",
                State = GatewayConnectionState.Connecting,
                Since = now,
            };
        }
    }

    /// <summary>Raised (on the subscriber actor's thread; handlers must not block) after a gateway's status changed.</summary>
    public event Action<GatewayStatus>? Changed;

    /// <summary>Every gateway's latest status, ordered by name.</summary>
    public IReadOnlyList<GatewayStatus> All => _statuses.Values.OrderBy(s => s.Gateway, StringComparer.Ordinal).ToArray();

    public int Count => _statuses.Count;

    public bool TryGet(string name, out GatewayStatus status) => _statuses.TryGetValue(name, out status!);

    /// <summary>Records a status (called by the subscriber actor; public for tests).</summary>
    public void Update(GatewayStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _statuses[status.Gateway] = status;
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        // one faulty listener (a closed page) must not stop the others or the actor
        foreach (var handler in handlers.GetInvocationList().Cast<Action<GatewayStatus>>())
        {
            try
            {
                handler(status);
            }
#pragma warning disable CA1031 // listeners are UI callbacks; their failures are theirs
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}

/// <summary>Subscribes to <see cref="FleetTopics.Gateways"/> through the mediator and feeds <see cref="FleetDirectory"/>.</summary>
public sealed class FleetDirectoryActor : ReceiveActor
{
    private readonly IActorRef _mediator;

    public FleetDirectoryActor(FleetDirectory directory, IActorRef mediator)
    {
        _mediator = mediator;
        Receive<GatewayStatus>(directory.Update);
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(FleetDirectory directory, IActorRef mediator) =>
        Akka.Actor.Props.Create(() => new FleetDirectoryActor(directory, mediator));

    protected override void PreStart() => _mediator.Tell(new Subscribe(FleetTopics.Gateways, Self));
}
