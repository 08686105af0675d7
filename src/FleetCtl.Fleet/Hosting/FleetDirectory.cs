using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;

namespace FleetCtl.Fleet.Hosting;

/// <summary>
/// The latest <see cref="GatewayStatus"/> of every gateway, kept in memory from the <see cref="FleetTopics.Gateways"/>
/// topic so pages and the API answer without asking any actor. Gateways of the inventory that have not reported yet
/// show as <see cref="GatewayConnectionState.Connecting"/>. It also holds the gateways marked as draining
/// (<see cref="DrainMarks"/>, from <see cref="GatewayDrainingChanged"/> on <see cref="FleetTopics.Operations"/>).
/// </summary>
public sealed class FleetDirectory
{
    private readonly ConcurrentDictionary<string, GatewayStatus> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DrainMark> _drainMarks = new(StringComparer.OrdinalIgnoreCase);

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
                Kind = gateway.Kind,
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

    /// <summary>Gateways marked as draining (a drain moved or moves their peers away), by gateway name.</summary>
    public IReadOnlyDictionary<string, DrainMark> DrainMarks => _drainMarks;

    /// <summary>The gateway's drain mark, or null when it is not marked as draining.</summary>
    public DrainMark? DrainMarkOf(string name) => _drainMarks.TryGetValue(name, out var mark) ? mark : null;

    /// <summary>Records a drain mark change (called by the subscriber actor; public for tests). <see cref="Changed"/> is raised
    /// with the gateway's status, so listeners redraw it.</summary>
    public void Update(GatewayDrainingChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Mark is { } mark)
        {
            _drainMarks[change.Gateway] = mark;
        }
        else
        {
            _drainMarks.TryRemove(change.Gateway, out _);
        }

        if (_statuses.TryGetValue(change.Gateway, out var status))
        {
            Raise(status);
        }
    }

    /// <summary>Records a status (called by the subscriber actor; public for tests).</summary>
    public void Update(GatewayStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _statuses[status.Gateway] = status;
        Raise(status);
    }

    private void Raise(GatewayStatus status)
    {
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

/// <summary>
/// Subscribes to <see cref="FleetTopics.Gateways"/> and <see cref="FleetTopics.Operations"/> through the mediator and feeds
/// <see cref="FleetDirectory"/>: statuses, and drain marks (the current ones asked of the operations manager once subscribed,
/// then each change as published).
/// </summary>
public sealed class FleetDirectoryActor : ReceiveActor
{
    private readonly IActorRef _mediator;

    public FleetDirectoryActor(FleetDirectory directory, IActorRef mediator, IActorRef? operations = null)
    {
        _mediator = mediator;
        Receive<GatewayStatus>(directory.Update);
        Receive<GatewayDrainingChanged>(directory.Update);
        Receive<DrainMarks>(marks =>
        {
            foreach (var mark in marks.Marks)
            {
                directory.Update(new GatewayDrainingChanged(mark.Gateway, mark));
            }
        });
        Receive<OperationProgress>(_ => { });
        Receive<SubscribeAck>(ack =>
        {
            if (ack.Subscribe.Topic == FleetTopics.Operations)
            {
                operations?.Tell(GetDrainMarks.Instance);
            }
        });
    }

    public static Props Props(FleetDirectory directory, IActorRef mediator, IActorRef? operations = null) =>
        Akka.Actor.Props.Create(() => new FleetDirectoryActor(directory, mediator, operations));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(FleetTopics.Gateways, Self));
        _mediator.Tell(new Subscribe(FleetTopics.Operations, Self));
    }
}
